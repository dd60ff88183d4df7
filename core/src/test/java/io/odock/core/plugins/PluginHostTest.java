package io.odock.core.plugins;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.core.config.ConfigException;
import io.odock.core.config.PluginsConfig;
import io.odock.core.plugins.fixtures.FixtureProviderFactory;
import io.odock.core.plugins.fixtures.StrictFilterFactory;
import io.odock.core.plugins.fixtures.ThrowingBlockerFactory;
import io.odock.core.testsupport.PluginJars;
import io.odock.spi.Secret;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.UpstreamTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginHostTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path plugins;

    private PluginHost start(Map<String, ObjectNode> sections) {
        return PluginHost.start(new PluginsConfig(plugins, sections), Path.of("conf/odock.yaml"),
                new io.odock.core.upstream.JettyUpstreamClient(), JSON);
    }

    private static GatewayRequest routedRequest() {
        return GatewayRequest.builder().model("m")
                .upstream(UpstreamTarget.of("p", "http://127.0.0.1:1", Secret.none(), Duration.ofSeconds(1), "up"))
                .build();
    }

    @Test
    void loadsAJarPluginUnderItsOwnClassLoaderWithItsConfigSection() throws IOException {
        PluginJars.jar(plugins, "fixture-plugin", ">=0.1.0", FixtureProviderFactory.class);
        ObjectNode section = JSON.createObjectNode().put("greeting", "bonjour");

        try (PluginHost host = start(Map.of("fixture", section))) {
            ExtensionRegistry registry = host.registry();

            assertThat(registry.failures()).isEmpty();
            assertThat(registry.plugins()).singleElement().satisfies(plugin -> {
                assertThat(plugin.id()).isEqualTo("fixture-plugin");
                assertThat(plugin.version()).isEqualTo("1.2.3");
                assertThat(plugin.extensions()).containsExactly(new LoadedPlugin.Extension("provider", "fixture"));
            });
            ProviderBinding binding = registry.provider("fixture").orElseThrow();
            assertThat(binding.adapter().complete(routedRequest()).content())
                    .isEqualTo("bonjour from HostFirstClassLoader, created under HostFirstClassLoader");
        }
    }

    @Test
    void loadsFolderAndZipPlugins() throws IOException {
        PluginJars.folder(plugins, "folder-plugin", FixtureProviderFactory.class);
        PluginJars.zip(plugins, "zipped-plugin", StrictFilterFactory.class);

        try (PluginHost host = start(Map.of("strict-filter", JSON.createObjectNode().put("level", "high")))) {
            assertThat(host.registry().failures()).isEmpty();
            assertThat(host.registry().plugins()).extracting(LoadedPlugin::id)
                    .containsExactly("folder-plugin", "zipped-plugin");
            assertThat(host.registry().provider("fixture")).isPresent();
            assertThat(host.registry().safetyFilters()).hasSize(1);
        }
    }

    @Test
    void skipsCorruptIncompatibleAndFailingPluginsAndStillStarts() throws IOException {
        PluginJars.jar(plugins, "good", ">=0.1.0", FixtureProviderFactory.class);
        PluginJars.corruptJar(plugins, "corrupt");
        PluginJars.jar(plugins, "from-the-future", ">=99.0.0", FixtureProviderFactory.class);
        PluginJars.jar(plugins, "throwing", ">=0.1.0", ThrowingBlockerFactory.class);

        try (PluginHost host = start(Map.of())) {
            ExtensionRegistry registry = host.registry();

            assertThat(registry.provider("fixture")).isPresent();
            // The failed blocker is not skipped silently: a stand-in refuses every request in its place.
            assertThat(registry.blockers()).singleElement().satisfies(blocker ->
                    assertThatThrownBy(() -> blocker.extension().check(null, null))
                            .hasMessageContaining("throwing/throwing-blocker"));
            assertThat(registry.failures()).extracting(PluginFailure::reason).anySatisfy(reason ->
                    assertThat(reason).contains("requires Odock SPI >=99.0.0"));
            assertThat(registry.failures()).anySatisfy(failure -> {
                assertThat(failure.source()).endsWith("corrupt.jar");
                assertThat(failure.reason()).startsWith("cannot be loaded");
            });
            assertThat(registry.failures()).anySatisfy(failure -> {
                assertThat(failure.source()).isEqualTo("throwing/throwing-blocker");
                assertThat(failure.reason()).contains("cannot reach the policy server");
            });
        }
    }

    @Test
    void aMissingRequiredSettingIsAConfigurationError() throws IOException {
        PluginJars.jar(plugins, "strict", ">=0.1.0", StrictFilterFactory.class);

        assertThatThrownBy(() -> start(Map.of()).close())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("plugins.strict-filter.level")
                .hasMessageContaining("how strict to be");
    }

    @Test
    void startsWithoutAPluginsDirectory() {
        try (PluginHost host = PluginHost.start(new PluginsConfig(plugins.resolve("absent"), Map.of()),
                Path.of("odock.yaml"), new io.odock.core.upstream.JettyUpstreamClient(), JSON)) {
            assertThat(host.registry().plugins()).isEmpty();
        }
    }
}
