package io.odock.core.routing;

import io.odock.core.config.ConfigException;
import io.odock.core.config.DeploymentConfig;
import io.odock.core.config.ModelConfig;
import io.odock.core.config.OdockConfig;
import io.odock.core.config.ProviderConfig;
import io.odock.core.config.PluginsConfig;
import io.odock.core.config.Pricing;
import io.odock.core.config.RoutingStrategy;
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

import java.math.BigDecimal;
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
        return model(name, RoutingStrategy.PRIORITY, deployments);
    }

    private static ModelConfig model(String name, RoutingStrategy routing, DeploymentConfig... deployments) {
        return new ModelConfig(name, routing, List.of(deployments), Optional.empty());
    }

    private static DeploymentConfig deployment(String provider, String model, int weight, int priority,
                                               String pricePerMTok) {
        return new DeploymentConfig(provider, model, weight, priority, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.ofNullable(pricePerMTok)
                .map(p -> new Pricing(new BigDecimal(p), new BigDecimal(p))));
    }

    private static ModelRouter router(ModelConfig... models) {
        return ModelRouter.create(config(List.of(provider("a", "openai"), provider("b", "openai"),
                provider("c", "openai")), List.of(models)), ALL_TYPES);
    }

    private static String first(ModelRouter router, String model) {
        return router.route(model, OPENAI_ROUTE, Optional.empty()).getFirst().provider().id();
    }

    @Test
    void priorityOrdersByPriorityThenListOrder() {
        ModelRouter router = router(model("m", RoutingStrategy.PRIORITY, deployment("a", "x", 1, 5, null),
                deployment("b", "x", 1, 1, null), deployment("c", "x", 1, 1, null)));

        assertThat(router.route("m", OPENAI_ROUTE, Optional.empty())).extracting(d -> d.provider().id())
                .containsExactly("b", "c", "a");
    }

    @Test
    void roundRobinStartsOneFurtherEachCall() {
        ModelRouter router = router(model("m", RoutingStrategy.ROUND_ROBIN, DeploymentConfig.of("a", "x"),
                DeploymentConfig.of("b", "x"), DeploymentConfig.of("c", "x")));

        List<String> firsts = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            firsts.add(first(router, "m"));
        }
        assertThat(firsts).containsExactly("a", "b", "c", "a", "b", "c");
        assertThat(router.route("m", OPENAI_ROUTE, Optional.empty())).hasSize(3);
    }

    @Test
    void weightedSplitsTrafficInProportion() {
        ModelRouter router = router(model("m", RoutingStrategy.WEIGHTED, deployment("a", "x", 3, 0, null),
                deployment("b", "x", 1, 0, null), deployment("c", "x", 0, 0, null)));

        Map<String, Integer> counts = new java.util.HashMap<>();
        for (int i = 0; i < 8000; i++) {
            counts.merge(first(router, "m"), 1, Integer::sum);
        }
        assertThat(counts.get("a")).isBetween(5600, 6400);
        assertThat(counts.get("b")).isBetween(1600, 2400);
        assertThat(counts).doesNotContainKey("c");
        assertThat(router.route("m", OPENAI_ROUTE, Optional.empty()).getLast().provider().id())
                .as("a weight-0 deployment is only the last resort").isEqualTo("c");
    }

    @Test
    void leastLatencyTriesUnmeasuredDeploymentsFirstThenTheFastest() {
        ModelRouter router = router(model("m", RoutingStrategy.LEAST_LATENCY, DeploymentConfig.of("a", "x"),
                DeploymentConfig.of("b", "x"), DeploymentConfig.of("c", "x")));
        List<Deployment> all = router.route("m", OPENAI_ROUTE, Optional.empty());
        Deployment a = all.stream().filter(d -> d.provider().id().equals("a")).findFirst().orElseThrow();
        Deployment b = all.stream().filter(d -> d.provider().id().equals("b")).findFirst().orElseThrow();
        Deployment c = all.stream().filter(d -> d.provider().id().equals("c")).findFirst().orElseThrow();
        router.latency().record(a, 90_000_000);
        router.latency().record(b, 10_000_000);
        assertThat(first(router, "m")).isEqualTo("c");

        router.latency().record(c, 50_000_000);
        assertThat(router.route("m", OPENAI_ROUTE, Optional.empty())).extracting(d -> d.provider().id())
                .containsExactly("b", "c", "a");
        for (int i = 0; i < 20; i++) {
            router.latency().record(b, 200_000_000);
        }
        assertThat(first(router, "m")).as("the moving average follows b slowing down").isEqualTo("c");
    }

    @Test
    void lowestCostTriesTheCheapestFirstAndUnpricedLast() {
        ModelRouter router = router(model("m", RoutingStrategy.LOWEST_COST, deployment("a", "x", 1, 0, null),
                deployment("b", "x", 1, 0, "2.5"), deployment("c", "x", 1, 0, "0.15")));

        assertThat(router.route("m", OPENAI_ROUTE, Optional.empty())).extracting(d -> d.provider().id())
                .containsExactly("c", "b", "a");
    }

    @Test
    void aDeploymentsOwnUrlKeyTimeoutAndPriceWin() {
        ModelRouter router = router(new ModelConfig("m", RoutingStrategy.PRIORITY, List.of(new DeploymentConfig("a",
                "gpt-x", 1, 0, Optional.of("https://eu.example/v1/"), Optional.of(Secret.of("k-eu")),
                Optional.of(Duration.ofSeconds(7)), Optional.empty())),
                Optional.of(new Pricing(BigDecimal.ONE, BigDecimal.TEN))));

        Deployment deployment = router.route("m", OPENAI_ROUTE, Optional.empty()).getFirst();
        assertThat(deployment.target().baseUrl()).isEqualTo("https://eu.example/v1");
        assertThat(deployment.target().apiKey().reveal()).isEqualTo("k-eu");
        assertThat(deployment.target().timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(deployment.pricing()).contains(new Pricing(BigDecimal.ONE, BigDecimal.TEN));
    }

    private static OdockConfig config(List<ProviderConfig> providers, List<ModelConfig> models) {
        return new OdockConfig(Path.of("conf/odock.yaml"), null, null, null, null, Duration.ofSeconds(1),
                io.odock.core.config.ByokPolicy.NONE, providers,
                models, new PluginsConfig(Path.of("plugins"), Map.of()));
    }

    private static ExtensionRegistry registry(ProviderBinding... bindings) {
        Map<String, ProviderBinding> providers = new java.util.HashMap<>();
        for (ProviderBinding binding : bindings) {
            providers.put(binding.type(), binding);
        }
        return new ExtensionRegistry(providers, Map.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    private static final ExtensionRegistry ALL_TYPES = registry(
            new ProviderBinding("openai", Set.of("openai"), UNUSED, "provider-openai"),
            new ProviderBinding("anthropic", Set.of("anthropic"), UNUSED, "provider-anthropic"),
            new ProviderBinding("echo", Set.of("echo", "openai", "anthropic"), UNUSED, "provider-echo"));

    private final ModelRouter router = ModelRouter.create(config(
            List.of(provider("oa-primary", "openai"), provider("oa-backup", "openai"),
                    provider("claude", "anthropic"), provider("local", "echo")),
            List.of(model("chat", DeploymentConfig.of("oa-primary", "gpt-4o-mini"),
                            DeploymentConfig.of("oa-backup", "gpt-4o-mini-2024")),
                    model("sonnet", DeploymentConfig.of("claude", "claude-sonnet-4")),
                    model("demo", DeploymentConfig.of("local", "echo-1")))), ALL_TYPES);

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
