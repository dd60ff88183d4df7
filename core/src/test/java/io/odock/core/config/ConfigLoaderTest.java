package io.odock.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    @TempDir
    Path home;

    private Path write(String yaml) throws IOException {
        Path conf = Files.createDirectories(home.resolve("conf")).resolve("odock.yaml");
        Files.writeString(conf, yaml);
        return conf;
    }

    private OdockConfig load(String yaml, Map<String, String> env) throws IOException {
        return new ConfigLoader(env, home).load(write(yaml));
    }

    @Test
    void readsProvidersModelsAndResolvesEnvironmentReferences() throws IOException {
        OdockConfig config = load("""
                server: { port: 9090, maxBodyBytes: 2048, drainTimeout: 90s }
                providers:
                  - { id: openai, type: openai, baseUrl: "https://api.openai.com/v1", apiKey: "${OPENAI_API_KEY}", timeout: 45s }
                models:
                  - name: my-chat-model
                    deployments: [ { provider: openai, model: gpt-4o-mini } ]
                    pricing: { inputPerMTok: 0.15, outputPerMTok: 0.60 }
                """, Map.of("OPENAI_API_KEY", "sk-test-123"));

        assertThat(config.server().port()).isEqualTo(9090);
        assertThat(config.server().maxBodyBytes()).isEqualTo(2048);
        assertThat(config.server().drainTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.server().bodyMemoryBytes()).isEmpty();
        assertThat(load("server: { bodyMemoryBytes: 67108864 }", Map.of()).server().bodyMemoryBytes())
                .hasValue(67108864);
        ProviderConfig openai = config.provider("openai").orElseThrow();
        assertThat(openai.apiKey().reveal()).isEqualTo("sk-test-123");
        assertThat(openai.apiKey().toString()).doesNotContain("sk-test-123");
        assertThat(openai.timeout()).isEqualTo(Duration.ofSeconds(45));
        ModelConfig model = config.models().getFirst();
        assertThat(model.routing()).isEqualTo(RoutingStrategy.PRIORITY);
        assertThat(model.deployments()).containsExactly(DeploymentConfig.of("openai", "gpt-4o-mini"));
        assertThat(model.pricing().orElseThrow().cost(io.odock.spi.model.Usage.of(1_000_000, 1_000_000))).isEqualByComparingTo(new BigDecimal("0.75"));
    }

    @Test
    void appliesDefaultsWhenSectionsAreMissing() throws IOException {
        OdockConfig config = load("{}", Map.of());

        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.server().drainTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.server().dataDir()).isEqualTo(home.resolve("data"));
        assertThat(config.admin().tokenFile()).isEqualTo(home.resolve("data/admin.token"));
        assertThat(config.admin().token().isPresent()).isFalse();
        assertThat(config.plugins().dir()).isEqualTo(home.resolve("plugins"));
        assertThat(config.database().isEmbedded()).isTrue();
        assertThat(config.database().url()).startsWith("jdbc:h2:file:" + home.resolve("data/odock"));
    }

    @Test
    void readsRoutingStrategiesAndPerDeploymentSettings() throws IOException {
        OdockConfig config = load("""
                providers:
                  - { id: openai, type: openai, baseUrl: "https://api.openai.com/v1", apiKey: k }
                models:
                  - name: chat
                    routing: least-latency
                    deployments:
                      - { provider: openai, model: gpt-4o-mini, weight: 3, priority: 2, baseUrl: "https://eu/v1",
                          apiKey: "${EU_KEY}", timeout: 15s, pricing: { inputPerMTok: 1, outputPerMTok: 2 } }
                      - { provider: openai }
                """, Map.of("EU_KEY", "sk-eu"));

        ModelConfig model = config.models().getFirst();
        assertThat(model.routing()).isEqualTo(RoutingStrategy.LEAST_LATENCY);
        DeploymentConfig eu = model.deployments().getFirst();
        assertThat(eu.weight()).isEqualTo(3);
        assertThat(eu.priority()).isEqualTo(2);
        assertThat(eu.baseUrl()).contains("https://eu/v1");
        assertThat(eu.apiKey().orElseThrow().reveal()).isEqualTo("sk-eu");
        assertThat(eu.timeout()).contains(Duration.ofSeconds(15));
        assertThat(eu.pricing()).isPresent();
        DeploymentConfig plain = model.deployments().get(1);
        assertThat(plain.model()).as("the upstream model defaults to the model's name").isEqualTo("chat");
        assertThat(plain.priority()).as("the default priority is the list position").isEqualTo(1);
        assertThat(plain.weight()).isEqualTo(1);

        Path bad = write("""
                providers: [ { id: openai, type: openai, baseUrl: "https://api.openai.com/v1" } ]
                models: [ { name: chat, routing: fastest, deployments: [ { provider: openai } ] } ]
                """);
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), home).load(bad))
                .hasMessageContaining("models[0] (name 'chat').routing").hasMessageContaining("'fastest'");
    }

    @Test
    void unsetVariableIsAnErrorNamingTheVariableAndTheEntry() throws IOException {
        Path file = write("""
                providers:
                  - { id: openai, type: openai, baseUrl: "https://api.openai.com/v1", apiKey: "${OPENAI_API_KEY}" }
                """);

        assertThatThrownBy(() -> new ConfigLoader(Map.of(), home).load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("conf/odock.yaml")
                .hasMessageContaining("providers[0].apiKey")
                .hasMessageContaining("OPENAI_API_KEY is not set");
    }

    @Test
    void defaultsInReferencesAndEscapes() throws IOException {
        OdockConfig config = load("""
                admin: { token: "${ODOCK_ADMIN_TOKEN:-}" }
                providers:
                  - { id: p, type: openai, baseUrl: "${BASE:-http://127.0.0.1:1}/v1", apiKey: "$${LITERAL}" }
                """, Map.of());

        assertThat(config.admin().token().isPresent()).isFalse();
        assertThat(config.providers().getFirst().baseUrl()).isEqualTo("http://127.0.0.1:1/v1");
        assertThat(config.providers().getFirst().apiKey().reveal()).isEqualTo("${LITERAL}");
    }

    @Test
    void readsGovernanceAndMcpSections() throws IOException {
        OdockConfig config = load("""
                server: { trustedProxies: [ "10.0.0.0/8" ] }
                ratelimit: { backend: redis, redis: "redis://127.0.0.1:6379", timezone: Europe/Paris,
                             defaults: { requestsPerMinute: 60, models: { "gpt-4o*": { tokensPerMinute: 1000 } } } }
                budgets: { currency: EUR, defaultMaxOutputTokens: 2048 }
                usage: { bufferCapacity: 500 }
                mcp:
                  servers:
                    - { id: github, url: "https://mcp.example/mcp", auth: { type: bearer, token: "${MCP_TOKEN}" },
                        tools: { deny: [ "delete_*" ] }, guard: { keywords: [ "RM -RF" ] },
                        pricing: { perCall: "0.01", perOutputByte: 0.000002 } }
                    - { id: files, transport: stdio, command: [ "mcp-files", "/srv" ], env: { A: b } }
                """, Map.of("MCP_TOKEN", "tok-123"));
        assertThat(config.server().trustedProxies()).hasSize(1);
        assertThat(config.rateLimits().backend()).isEqualTo("redis");
        assertThat(config.rateLimits().keyDefaults().rules(io.odock.core.keys.Scope.apiKey("k"))).hasSize(2);
        assertThat(config.budgets()).isEqualTo(new BudgetsConfig("EUR", 2048, 500));
        McpServerConfig github = config.mcpServer("github").orElseThrow();
        assertThat(github.transport()).isEqualTo(McpServerConfig.Transport.HTTP);
        assertThat(github.auth().header()).contains("Bearer tok-123");
        assertThat(github.guardKeywords()).containsExactly("rm -rf");
        assertThat(github.perCall()).contains(new java.math.BigDecimal("0.01"));
        McpServerConfig files = config.mcpServer("files").orElseThrow();
        assertThat(files.command()).containsExactly("mcp-files", "/srv");
        assertThat(files.env()).containsEntry("A", "b");
    }

    @Test
    void badGovernanceAndMcpSettingsNameTheEntry() throws IOException {
        for (String[] bad : new String[][]{
                {"ratelimit: { backend: memcached }", "ratelimit.backend"},
                {"ratelimit: { backend: redis }", "ratelimit.redis"},
                {"ratelimit: { defaults: { requestsPerHour: 3 } }", "requestsPerHour"},
                {"budgets: { currency: dollars }", "budgets.currency"},
                {"server: { bodyMemoryBytes: 1000 }", "server.bodyMemoryBytes"},
                {"mcp: { servers: [ { id: Bad/Id, url: \"http://x\" } ] }", "id"},
                {"mcp: { servers: [ { id: s, transport: stdio } ] }", "command"},
                {"mcp: { servers: [ { id: s, transport: http } ] }", "url"},
                {"mcp: { servers: [ { id: s, url: \"http://x\", auth: { type: digest } } ] }", "auth.type"}}) {
            Path file = write(bad[0]);
            assertThatThrownBy(() -> new ConfigLoader(Map.of(), home).load(file)).as(bad[0])
                    .isInstanceOf(ConfigException.class).hasMessageContaining(bad[1]);
        }
    }

    @Test
    void odockPortOverridesTheFile() throws IOException {
        OdockConfig config = load("server: { port: 9090 }", Map.of("ODOCK_PORT", "7777"));

        assertThat(config.server().port()).isEqualTo(7777);
    }

    @Test
    void unknownKeysAreRefusedWithTheEntryNamed() throws IOException {
        Path file = write("""
                providers:
                  - { id: openai, type: openai, baseurl: "https://api.openai.com/v1" }
                """);

        assertThatThrownBy(() -> new ConfigLoader(Map.of(), home).load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("providers[0] (id 'openai')");
    }

    @Test
    void deploymentOfAnUndeclaredProviderIsRefused() throws IOException {
        Path file = write("""
                providers:
                  - { id: openai, type: openai, baseUrl: "https://api.openai.com/v1" }
                models:
                  - { name: demo, deployments: [ { provider: openia, model: x } ] }
                """);

        assertThatThrownBy(() -> new ConfigLoader(Map.of(), home).load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("models[0] (name 'demo').deployments[0]")
                .hasMessageContaining("'openia' is not a configured provider (configured: openai)");
    }

    @Test
    void invalidValuesAreRefused() throws IOException {
        Path badPort = write("server: { port: 99999 }");
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), home).load(badPort))
                .hasMessageContaining("server.port").hasMessageContaining("between 0 and 65535");

        Path badTimeout = write("""
                providers: [ { id: a, type: openai, baseUrl: "http://x", timeout: soon } ]
                """);
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), home).load(badTimeout))
                .hasMessageContaining("timeout").hasMessageContaining("duration");

        Path badDrain = write("server: { drainTimeout: -5s }");
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), home).load(badDrain))
                .hasMessageContaining("server.drainTimeout");

        Path notYaml = write("server: [unclosed");
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), home).load(notYaml))
                .hasMessageContaining("not valid YAML");

        assertThatThrownBy(() -> new ConfigLoader(Map.of(), home).load(home.resolve("missing.yaml")))
                .hasMessageContaining("does not exist");
    }

    @Test
    void clientSettingsIgnoreSectionsTheCliDoesNotNeed() throws IOException {
        Path file = write("""
                server: { port: 8181 }
                admin: { token: "${ADMIN:-0123456789abcdef0123}" }
                providers:
                  - { id: openai, type: openai, baseUrl: "https://api.openai.com/v1", apiKey: "${ONLY_IN_THE_SERVICE_ENV}" }
                """);

        ClientSettings settings = new ConfigLoader(Map.of(), home).loadClientSettings(file);

        assertThat(settings.port()).isEqualTo(8181);
        assertThat(settings.adminToken().reveal()).isEqualTo("0123456789abcdef0123");
    }

    @Test
    void theConfigFileComesFromTheArgumentThenOdockConfThenTheHome() {
        Path fromEnv = home.resolve("elsewhere.yaml");
        assertThat(OdockHome.configFile("/etc/odock/x.yaml", Map.of("ODOCK_CONF", fromEnv.toString()), home))
                .isEqualTo(Path.of("/etc/odock/x.yaml"));
        assertThat(OdockHome.configFile(null, Map.of("ODOCK_CONF", fromEnv.toString()), home)).isEqualTo(fromEnv);
        assertThat(OdockHome.configFile(null, Map.of(), home)).isEqualTo(home.resolve("conf/odock.yaml"));
    }

    @Test
    void pluginSectionsAreHandedOver() throws IOException {
        OdockConfig config = load("""
                plugins:
                  dir: more-plugins
                  echo: { prefix: "Hi: " }
                """, Map.of());

        assertThat(config.plugins().dir()).isEqualTo(home.resolve("more-plugins"));
        assertThat(config.plugins().sections().get("echo").get("prefix").asText()).isEqualTo("Hi: ");
    }
}
