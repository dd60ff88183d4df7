package io.odock.core.routing;

import io.odock.core.config.ConfigException;
import io.odock.core.config.DeploymentConfig;
import io.odock.core.config.ModelConfig;
import io.odock.core.config.OdockConfig;
import io.odock.core.config.ProviderConfig;
import io.odock.core.config.PluginsConfig;
import io.odock.core.plugins.ExtensionRegistry;
import io.odock.core.plugins.ProviderBinding;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.Secret;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.provider.ProviderAdapter;
import io.odock.spi.stream.EventStream;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelRouterTest {
    private static final RouteRequirement OPENAI_ROUTE = RouteRequirement.requires("/v1/chat/completions", "openai");

    /** An adapter that is never called: routing only looks at bindings. */
    private static final ProviderAdapter UNUSED = new ProviderAdapter() {
        @Override
        public GatewayResponse complete(GatewayRequest request) {
            throw new AssertionError("routing must not call adapters");
        }

        @Override
        public EventStream stream(GatewayRequest request) {
            throw new AssertionError("routing must not call adapters");
        }
    };

    private static ProviderConfig provider(String id, String type) {
        return new ProviderConfig(id, type, "http://127.0.0.1:1", Secret.of("k"), Duration.ofSeconds(5));
    }

    private static ModelConfig model(String name, DeploymentConfig... deployments) {
        return new ModelConfig(name, List.of(deployments), Optional.empty());
    }

    private static OdockConfig config(List<ProviderConfig> providers, List<ModelConfig> models) {
        return new OdockConfig(Path.of("conf/odock.yaml"), null, null, null, null, Duration.ofSeconds(1), providers,
                models, new PluginsConfig(Path.of("plugins"), Map.of()));
    }

    private static ExtensionRegistry registry(ProviderBinding... bindings) {
        Map<String, ProviderBinding> providers = new java.util.HashMap<>();
        for (ProviderBinding binding : bindings) {
            providers.put(binding.type(), binding);
        }
        return new ExtensionRegistry(providers, Map.of(), List.of(), List.of(), List.of(), List.of());
    }

    private static final ExtensionRegistry ALL_TYPES = registry(
            new ProviderBinding("openai", Set.of("openai"), UNUSED, "provider-openai"),
            new ProviderBinding("anthropic", Set.of("anthropic"), UNUSED, "provider-anthropic"),
            new ProviderBinding("echo", Set.of("echo", "openai", "anthropic"), UNUSED, "provider-echo"));

    private final ModelRouter router = ModelRouter.create(config(
            List.of(provider("oa-primary", "openai"), provider("oa-backup", "openai"),
                    provider("claude", "anthropic"), provider("local", "echo")),
            List.of(model("chat", new DeploymentConfig("oa-primary", "gpt-4o-mini"),
                            new DeploymentConfig("oa-backup", "gpt-4o-mini-2024")),
                    model("sonnet", new DeploymentConfig("claude", "claude-sonnet-4")),
                    model("demo", new DeploymentConfig("local", "echo-1")))), ALL_TYPES);

    @Test
    void returnsTheDeploymentsInPriorityOrderWithTheirUpstreamNames() {
        List<Deployment> deployments = router.route("chat", OPENAI_ROUTE, Optional.empty());

        assertThat(deployments).extracting(d -> d.provider().id()).containsExactly("oa-primary", "oa-backup");
        assertThat(deployments.getFirst().target().model()).isEqualTo("gpt-4o-mini");
        assertThat(deployments.getFirst().target().apiKey().reveal()).isEqualTo("k");
    }

    @Test
    void unknownModelIs400ModelNotFound() {
        assertThatThrownBy(() -> router.route("nope", OPENAI_ROUTE, Optional.empty()))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo(ErrorCodes.MODEL_NOT_FOUND);
                });
    }

    @Test
    void aModelOnlyOnAnotherProviderTypeIsAProviderMismatch() {
        assertThatThrownBy(() -> router.route("sonnet", OPENAI_ROUTE, Optional.empty()))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_NOT_ALLOWED);
                    assertThat(e.getMessage()).contains("'anthropic'").contains("requires provider type 'openai'");
                });
    }

    @Test
    void aBodyCannotForceAnotherProviderOntoACompatibleRoute() {
        assertThatThrownBy(() -> router.route("chat", OPENAI_ROUTE, Optional.of("anthropic")))
                .isInstanceOfSatisfying(GatewayException.class, e ->
                        assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_NOT_ALLOWED));
        assertThatThrownBy(() -> router.route("chat", OPENAI_ROUTE, Optional.of("claude")))
                .isInstanceOfSatisfying(GatewayException.class, e ->
                        assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_NOT_ALLOWED));
    }

    @Test
    void aBodyMayNameTheRequiredTypeOrPickAProviderOfIt() {
        assertThat(router.route("chat", OPENAI_ROUTE, Optional.of("openai"))).hasSize(2);
        assertThat(router.route("chat", OPENAI_ROUTE, Optional.of("oa-backup")))
                .extracting(d -> d.provider().id()).containsExactly("oa-backup");
    }

    @Test
    void aStandInThatDeclaresCompatibilityServesTheRoute() {
        assertThat(router.route("demo", OPENAI_ROUTE, Optional.empty()))
                .extracting(d -> d.provider().type()).containsExactly("echo");
    }

    @Test
    void theUnifiedRouteMayCrossTypesAndChooseByProvider() {
        RouteRequirement unified = RouteRequirement.any("/v1/llm/chat");

        assertThat(router.route("sonnet", unified, Optional.empty())).hasSize(1);
        assertThat(router.route("chat", unified, Optional.of("openai"))).hasSize(2);
        assertThatThrownBy(() -> router.route("chat", unified, Optional.of("anthropic")))
                .isInstanceOf(GatewayException.class);
    }

    @Test
    void aProviderTypeWithoutAPluginStopsStartUp() {
        assertThatThrownBy(() -> ModelRouter.create(config(List.of(provider("x", "gemini")), List.of()), ALL_TYPES))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("providers[0] (id 'x')")
                .hasMessageContaining("type 'gemini' has no loaded provider plugin");
    }
}
