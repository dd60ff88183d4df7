package io.odock.core.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI against a real HTTP server that answers as the admin API does. */
class OdockCliTest {
    private static final String TOKEN = "admin-token-0123456789";

    @TempDir
    Path home;

    private HttpServer admin;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startFakeAdminApi() throws IOException {
        admin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        admin.createContext("/admin/v1/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + body);
                if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    send(exchange, 401, "{\"error\":{\"code\":\"admin_unauthorized\",\"message\":\"no\"}}");
                    return;
                }
                String path = exchange.getRequestURI().getPath();
                switch (path) {
                    case "/admin/v1/keys" -> send(exchange, exchange.getRequestMethod().equals("POST") ? 201 : 200,
                            exchange.getRequestMethod().equals("POST")
                                    ? "{\"id\":\"key_1\",\"name\":\"ci\",\"key\":\"odk_secret\",\"prefix\":\"odk_secr\","
                                    + "\"models\":[\"demo\"],\"state\":\"active\",\"created_at\":\"2026-11-25T00:00:00Z\"}"
                                    : "{\"data\":[{\"id\":\"key_1\",\"name\":\"ci\",\"prefix\":\"odk_secr\",\"models\":[],"
                                    + "\"state\":\"active\",\"created_at\":\"2026-11-25T00:00:00Z\",\"last_used_at\":null,"
                                    + "\"revoked_at\":null}]}");
                    case "/admin/v1/keys/key_1" -> send(exchange, 200, exchange.getRequestMethod().equals("GET")
                            ? "{\"id\":\"key_1\",\"name\":\"ci\",\"limits\":{\"tokens_per_minute\":100},"
                            + "\"budget\":{\"amount\":\"5.00\",\"period\":\"monthly\",\"timezone\":\"UTC\","
                            + "\"warn_at\":[],\"shadow\":false,\"spent\":\"1.00\"}}"
                            : "{\"id\":\"key_1\",\"name\":\"ci\"}");
                    case "/admin/v1/scopes/team/ml" -> send(exchange, 200, "{\"scope\":\"team\",\"id\":\"ml\","
                            + "\"limits\":null,\"budget\":null}");
                    case "/admin/v1/usage" -> send(exchange, 200, "{\"from\":\"2026-11-01\",\"to\":\"2026-11-25\","
                            + "\"currency\":\"USD\",\"data\":[{\"team\":\"ml\",\"model\":\"demo\",\"requests\":3,"
                            + "\"errors\":1,\"input_tokens\":30,\"output_tokens\":12,\"spend\":\"0.42\"}]}");
                    case "/admin/v1/keys/key_1/revoke" -> send(exchange, 200,
                            "{\"id\":\"key_1\",\"name\":\"ci\",\"state\":\"revoked\"}");
                    case "/admin/v1/plugins" -> send(exchange, 200, "{\"spi_version\":\"0.1.0\",\"plugins\":[{\"id\":"
                            + "\"provider-openai\",\"version\":\"1.0\",\"state\":\"STARTED\",\"extensions\":[{\"kind\":"
                            + "\"provider\",\"id\":\"openai\"}]}],\"failed\":[{\"path\":\"plugins/bad.jar\",\"reason\":"
                            + "\"cannot be loaded\"}]}");
                    case "/admin/v1/reload" -> send(exchange, 200, "{\"status\":\"reloaded\",\"source\":"
                            + "\"conf/odock.yaml\",\"providers\":2,\"models\":3,\"restart_required\":[\"server\"]}");
                    default -> send(exchange, 404, "{\"error\":{\"code\":\"not_found\",\"message\":\"No API key with id 'x'\"}}");
                }
            }
        });
        admin.start();
    }

    @AfterEach
    void stop() {
        admin.stop(0);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private int run(Map<String, String> env, String... args) {
        return new OdockCli(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
    }

    private Map<String, String> env() {
        return Map.of("ODOCK_URL", "http://127.0.0.1:" + admin.getAddress().getPort(), "ODOCK_ADMIN_TOKEN", TOKEN);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void createsAKeyAndShowsItOnce() {
        assertThat(run(env(), "keys", "create", "--name", "ci", "--models", "demo, gpt-4o*")).isZero();

        assertThat(calls.getLast()).isEqualTo("POST /admin/v1/keys {\"name\":\"ci\",\"models\":[\"demo\",\"gpt-4o*\"],\"allow_byok\":false}");
        assertThat(out()).contains("Created API key key_1").contains("odk_secret").contains("shown only this once");
    }

    @Test
    void createsAKeyAsJson() {
        assertThat(run(env(), "keys", "create", "--json", "--name=ci")).isZero();

        assertThat(out().strip()).startsWith("{\"id\":\"key_1\",\"name\":\"ci\",\"key\":\"odk_secret\"");
    }

    @Test
    void createsAKeyWithLimitsBudgetAndExpiry() {
        assertThat(run(env(), "keys", "create", "--name", "ci", "--models", "demo", "--rpm", "60", "--tpm", "1000",
                "--budget", "25.50", "--budget-period", "monthly", "--expires", "2030-01-01", "--team", "ml")).isZero();

        assertThat(calls.getLast()).startsWith("POST /admin/v1/keys ")
                .contains("\"team\":\"ml\"").contains("\"expires_at\":\"2030-01-01\"")
                .contains("\"limits\":{\"requests_per_minute\":60,\"tokens_per_minute\":1000}")
                .contains("\"budget\":{\"amount\":\"25.50\",\"period\":\"monthly\"}");
    }

    @Test
    void updateMergesTheFlagsIntoTheKeysCurrentLimitsAndBudget() {
        assertThat(run(env(), "keys", "update", "key_1", "--rpm", "10", "--budget-period", "weekly")).isZero();

        assertThat(calls.get(calls.size() - 2)).startsWith("GET /admin/v1/keys/key_1");
        assertThat(calls.getLast()).startsWith("PATCH /admin/v1/keys/key_1 ")
                .contains("\"limits\":{\"tokens_per_minute\":100,\"requests_per_minute\":10}")
                .contains("\"amount\":\"5.00\"").contains("\"period\":\"weekly\"");
        assertThat(out()).contains("Updated API key key_1");
        assertThat(run(env(), "keys", "update", "key_1")).isEqualTo(2);
        assertThat(run(env(), "keys", "update", "key_1", "--rpm", "ten")).isEqualTo(2);
    }

    @Test
    void setsAScopesLimitsAndReportsUsage() {
        assertThat(run(env(), "scopes", "set", "team", "ml", "--rpd", "500", "--shadow", "rpd")).isZero();
        assertThat(calls.getLast()).startsWith("PUT /admin/v1/scopes/team/ml ")
                .contains("\"limits\":{\"requests_per_day\":500,\"shadow\":[\"requests_per_day\"]}");

        assertThat(run(env(), "usage", "--team", "ml", "--by", "team,model")).isZero();
        assertThat(out()).contains("TEAM").contains("SPEND (USD)").contains("ml").contains("0.42");
        assertThat(run(env(), "scopes", "set", "team")).isEqualTo(2);
    }

    @Test
    void listsKeysAsATableWithoutSecrets() {
        assertThat(run(env(), "keys", "list")).isZero();

        assertThat(out()).contains("ID", "NAME", "CREATED", "LAST USED", "STATE", "key_1", "never", "active", "all")
                .doesNotContain("odk_secret");
    }

    @Test
    void revokesAndReportsUnknownIds() {
        assertThat(run(env(), "keys", "revoke", "key_1")).isZero();
        assertThat(out()).contains("Revoked API key key_1");

        assertThat(run(env(), "keys", "revoke", "x")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("No API key with id 'x'");
    }

    @Test
    void reloadsTheConfigurationAndSaysWhatNeedsARestart() {
        assertThat(run(env(), "reload")).isZero();

        assertThat(calls.getLast()).startsWith("POST /admin/v1/reload");
        assertThat(out()).contains("Reloaded conf/odock.yaml: 2 provider(s), 3 model(s)")
                .contains("Changed, applied after a restart: server");
    }

    @Test
    void listsPluginsAndSkippedOnes() {
        assertThat(run(env(), "plugins")).isZero();

        assertThat(out()).contains("provider-openai", "1.0", "provider openai", "Skipped plugins/bad.jar: cannot be loaded");
    }

    @Test
    void aWrongTokenIsExplainedWithoutShowingIt() {
        assertThat(run(Map.of("ODOCK_URL", "http://127.0.0.1:" + admin.getAddress().getPort(),
                "ODOCK_ADMIN_TOKEN", "wrong-token-0123456789"), "keys", "list")).isEqualTo(1);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("admin token was refused")
                .doesNotContain("wrong-token");
    }

    @Test
    void saysWhenTheGatewayIsNotRunning() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertThat(run(Map.of("ODOCK_URL", "http://127.0.0.1:" + closed, "ODOCK_ADMIN_TOKEN", TOKEN), "keys", "list"))
                .isEqualTo(3);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not running").contains("bin/odock start");
    }

    @Test
    void findsTheServerAndTokenFileThroughTheConfiguration() throws IOException {
        Path conf = Files.createDirectories(home.resolve("conf")).resolve("odock.yaml");
        Files.writeString(conf, "server: { port: " + admin.getAddress().getPort() + " }\n");
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/admin.token"), TOKEN + "\n");

        assertThat(run(Map.of("ODOCK_HOME", home.toString()), "keys", "list")).isZero();
        assertThat(run(Map.of(), "--config", conf.toString(), "url")).isZero();
        assertThat(out()).contains("http://127.0.0.1:" + admin.getAddress().getPort());
    }

    @Test
    void usageMistakesExitWithTwo() {
        assertThat(run(env(), "keys", "create")).isEqualTo(2);
        assertThat(run(env(), "keys", "list", "--colour", "red")).isEqualTo(2);
        assertThat(run(env(), "frobnicate")).isEqualTo(2);
        assertThat(run(env(), "--help")).isZero();
        assertThat(out()).contains("Usage: odock");
    }

    @Test
    void printsTheVersionWithoutAServer() {
        assertThat(run(Map.of(), "version")).isZero();
        assertThat(out()).startsWith("Odock ").contains("plugin SPI");
    }
}
