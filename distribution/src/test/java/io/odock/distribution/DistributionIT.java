package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The unpacked distribution as an operator uses it: {@code bin/odock start}, the CLI, a chat call with a key it
 * created, revocation, {@code stop}. Runs a copy of the tree in a temporary directory on a free port.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** bin/odock runs the gateway with the JDK running these tests; on JDK 25 it uses an AOT cache. */
    private static final boolean AOT_CACHE = Runtime.version().feature() == 25;
    /** Linux's number for the batch scheduling policy, as /proc/PID/stat reports it. */
    private static final int SCHED_BATCH = 3;
    private static Path home;
    private static int port;
    private static HttpClient http;
    private static UnpackedDistribution distribution;
    private static String key;
    private static String keyId;
    private static String governedKey;
    private static String governedId;

    @BeforeAll
    static void copyTheDistribution() throws Exception {
        distribution = new UnpackedDistribution(Map.of());
        home = distribution.home;
        port = distribution.port;
        http = new HttpClient();
        http.start();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (http != null) {
            http.stop();
        }
        if (distribution != null) {
            // Only the gateway this test started, by its pid; then the copy goes.
            distribution.close();
        }
    }

    static UnpackedDistribution.Run odock(Map<String, String> extraEnv, String... args)
            throws IOException, InterruptedException {
        return distribution.odock(extraEnv, args);
    }

    static UnpackedDistribution.Run odock(String... args) throws IOException, InterruptedException {
        return distribution.odock(args);
    }

    private static ContentResponse chat(String apiKey) throws Exception {
        return http.POST("http://127.0.0.1:" + port + "/v1/chat/completions")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + apiKey))
                .body(new StringRequestContent("application/json",
                        "{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"from the tarball\"}]}"))
                .timeout(30, TimeUnit.SECONDS).send();
    }

    @Test
    @Order(1)
    void clientCommandsSayWhenTheGatewayIsNotRunning() throws Exception {
        Path token = home.resolve("data/admin.token");
        Files.createDirectories(token.getParent());
        UnpackedDistribution.Run run = odock(Map.of("ODOCK_ADMIN_TOKEN", "x".repeat(20)), "keys", "list");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.output()).contains("not running");
        assertThat(odock("status").exitCode()).isEqualTo(3);
        assertThat(odock("version").output()).contains("Odock 0.1.0").contains("plugin SPI 0.1.0");
    }

    @Test
    @Order(2)
    void anUnsetVariableStopsStartUpNamingIt() throws Exception {
        Path broken = home.resolve("conf/broken.yaml");
        Files.writeString(broken, """
                providers:
                  - { id: openai, type: openai, baseUrl: "https://api.openai.com/v1", apiKey: "${ODOCK_IT_UNSET_KEY}" }
                """);
        UnpackedDistribution.Run run = odock("run", "--config", broken.toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("ODOCK_IT_UNSET_KEY").contains("providers[0].apiKey");
    }

    @Test
    @Order(2)
    void anUnknownSchedulingPolicyIsRefusedByTheLauncher() throws Exception {
        UnpackedDistribution.Run run = odock(Map.of("ODOCK_CPU_SCHEDULING", "fifo"), "start");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("ODOCK_CPU_SCHEDULING is 'batch' (the default) or 'other', not 'fifo'");
        assertThat(Files.exists(home.resolve("data/odock.pid"))).isFalse();
    }

    @Test
    @Order(3)
    void startsInTheBackgroundAndReportsItsPlugins() throws Exception {
        UnpackedDistribution.Run start = odock("start");
        assertThat(start.exitCode()).as(start.output()).isZero();
        assertThat(start.output()).contains("Odock started (pid").contains(":" + port);

        UnpackedDistribution.Run status = odock("status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.output()).contains("running");
        assertThat(odock("start").exitCode()).as("a second start is refused").isNotZero();

        UnpackedDistribution.Run plugins = odock("plugins");
        assertThat(plugins.exitCode()).isZero();
        assertThat(plugins.output()).contains("provider-openai").contains("provider-echo").contains("0.1.0-SNAPSHOT");
        assertThat(Files.getPosixFilePermissions(home.resolve("data/admin.token")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.exists(home.resolve("logs/odock.log"))).isTrue();

        // conf/jvm.options reaches the JVM, with bin/odock's class archive beside it: on JDK 25 an AOT cache, recorded
        // by this run (the refused run above recorded one too, unused: that run never got ready), on other JDKs a
        // class-data archive.
        assertThat(gatewayFlags()).contains("-Xmx256m", "-XX:+ExitOnOutOfMemoryError")
                .anyMatch(flag -> flag.matches(AOT_CACHE
                        ? "-XX:AOTCacheOutput=.*/data/odock-[0-9]+\\.aot"
                        : "-XX:SharedArchiveFile=.*/data/odock-[0-9]+\\.jsa"));
        if (!AOT_CACHE) {
            assertThat(gatewayFlags()).contains("-XX:+AutoCreateSharedArchive");
        }
        // bin/odock runs the gateway under the batch scheduling policy (docs/performance.md).
        assertThat(schedulingPolicy()).isEqualTo(SCHED_BATCH);
    }

    private int schedulingPolicy() throws Exception {
        long pid = Long.parseLong(Files.readString(home.resolve("data/odock.pid")).strip());
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // Fields after the command name, which is in parentheses and may hold spaces; the policy is field 41.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[41 - 3]);
    }

    private List<String> gatewayFlags() throws Exception {
        long pid = Long.parseLong(Files.readString(home.resolve("data/odock.pid")).strip());
        return ProcessHandle.of(pid).orElseThrow().info().arguments().map(List::of).orElseThrow();
    }

    @Test
    @Order(4)
    void aKeyCreatedWithTheCliMakesAChatCall() throws Exception {
        UnpackedDistribution.Run created = odock("keys", "create", "--name", "tarball", "--models", "demo", "--json");
        assertThat(created.exitCode()).as(created.output()).isZero();
        JsonNode json = JSON.readTree(created.output().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
        key = json.path("key").asText();
        keyId = json.path("id").asText();
        assertThat(key).startsWith("odk_");
        assertThat(json.path("name").asText()).isEqualTo("tarball");

        ContentResponse response = chat(key);
        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.getContentAsString());
        assertThat(answer.path("model").asText()).isEqualTo("demo");
        assertThat(answer.path("choices").path(0).path("message").path("content").asText())
                .isEqualTo("Echo: from the tarball");
        assertThat(answer.path("usage").path("completion_tokens").asInt()).isPositive();

        UnpackedDistribution.Run list = odock("keys", "list");
        assertThat(list.output()).contains(keyId).contains("tarball").doesNotContain(key);
    }

    @Test
    @Order(5)
    void limitsBudgetsAndUsageThroughTheCli() throws Exception {
        UnpackedDistribution.Run created = odock("keys", "create", "--name", "governed", "--models", "demo", "--team", "ml", "--rpm", "2",
                "--tpm", "100000", "--budget", "5.00", "--budget-period", "monthly", "--expires", "2030-01-01",
                "--json");
        assertThat(created.exitCode()).as(created.output()).isZero();
        JsonNode json = JSON.readTree(created.output().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
        String governed = json.path("key").asText();
        governedKey = governed;
        governedId = json.path("id").asText();
        assertThat(json.path("limits").path("requests_per_minute").asInt()).isEqualTo(2);
        assertThat(json.path("budget").path("amount").asText()).isEqualTo("5.00");
        assertThat(json.path("budget").path("period").asText()).isEqualTo("monthly");
        assertThat(json.path("expires_at").asText()).isEqualTo("2030-01-02T00:00:00Z");

        assertThat(chat(governed).getStatus()).isEqualTo(200);
        ContentResponse second = chat(governed);
        assertThat(second.getStatus()).isEqualTo(200);
        assertThat(second.getHeaders().get("x-ratelimit-remaining-requests")).isEqualTo("0");
        ContentResponse third = chat(governed);
        assertThat(third.getStatus()).isEqualTo(429);
        assertThat(JSON.readTree(third.getContentAsString()).path("error").path("code").asText())
                .isEqualTo("rate_limit_exceeded");

        UnpackedDistribution.Run update = odock("keys", "update", governedId, "--rpm", "50", "--budget-warn", "50,80");
        assertThat(update.exitCode()).as(update.output()).isZero();
        assertThat(chat(governed).getStatus()).isEqualTo(200);
        UnpackedDistribution.Run show = odock("keys", "show", governedId);
        assertThat(show.output()).contains("\"requests_per_minute\":50").contains("5.00 USD")
                .contains("team ml").doesNotContain(governed);

        UnpackedDistribution.Run scope = odock("scopes", "set", "team", "ml", "--rpd", "1000", "--budget", "20", "--budget-period", "daily");
        assertThat(scope.exitCode()).as(scope.output()).isZero();
        assertThat(scope.output()).contains("requests_per_day").contains("20.00 USD daily");

        UnpackedDistribution.Run usage = odock("usage", "--team", "ml", "--by", "key,model,day");
        assertThat(usage.exitCode()).as(usage.output()).isZero();
        assertThat(usage.output()).contains(governedId).contains("demo").contains("REQUESTS");
        JsonNode report = JSON.readTree(odock("usage", "--key", governedId, "--json").output().lines()
                .filter(l -> l.startsWith("{")).findFirst().orElseThrow());
        // Three answered calls and one refused: every one left a usage record.
        assertThat(report.path("data").path(0).path("requests").asInt()).isEqualTo(4);
        assertThat(report.path("data").path(0).path("errors").asInt()).isEqualTo(1);
    }

    @Test
    @Order(6)
    void aRevokedKeyIsRefusedOnTheNextRequest() throws Exception {
        UnpackedDistribution.Run revoke = odock("keys", "revoke", keyId);
        assertThat(revoke.exitCode()).as(revoke.output()).isZero();

        ContentResponse response = chat(key);
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(JSON.readTree(response.getContentAsString()).path("error").path("code").asText())
                .isEqualTo("api_key_revoked");
        assertThat(odock("keys", "revoke", "key_does_not_exist").exitCode()).isEqualTo(1);
        assertThat(odock("keys", "frobnicate").exitCode()).isEqualTo(2);
    }

    @Test
    @Order(7)
    void stopsGracefully() throws Exception {
        UnpackedDistribution.Run stop = odock("stop");
        assertThat(stop.exitCode()).isZero();
        assertThat(stop.output()).contains("stopped");
        assertThat(odock("status").exitCode()).isEqualTo(3);
        assertThat(Files.exists(home.resolve("data/odock.pid"))).isFalse();
        String log = Files.readString(home.resolve("logs/odock.log"));
        assertThat(log).contains("Odock stopped").doesNotContain(key);
        // The JVM wrote its class archive on the way out, for the next start; quietly.
        try (var archives = Files.list(home.resolve("data"))) {
            assertThat(archives.map(path -> path.getFileName().toString()))
                    .anyMatch(name -> name.matches(AOT_CACHE ? "odock-[0-9]+\\.aot\\.ready" : "odock-[0-9]+\\.jsa"))
                    .anyMatch(name -> name.matches(AOT_CACHE ? "odock-[0-9]+\\.aot" : "odock-[0-9]+\\.jsa"))
                    .noneMatch(name -> name.endsWith(".aot.config"));
        }
        assertThat(Files.readString(home.resolve("logs/odock.out"))).doesNotContain("[warning]").doesNotContain("[error");
    }

    @Test
    @Order(8)
    void aSigtermRightAfterCallsStillWritesTheirUsageRecords() throws Exception {
        // The access log's lines then reach the file only through the stop (below), not through a periodic flush.
        Path logging = home.resolve("conf/logback.xml");
        String shipped = Files.readString(logging);
        assertThat(shipped).contains("<flushInterval>1 second</flushInterval>");
        Files.writeString(logging, shipped.replace("<flushInterval>1 second", "<flushInterval>1 hour"));
        assertThat(odock("start").exitCode()).isZero();
        if (AOT_CACHE) {
            // The second start uses the cache the first one wrote, and the JVM could read it.
            assertThat(gatewayFlags()).anyMatch(flag -> flag.matches("-XX:AOTCache=.*/data/odock-[0-9]+\\.aot"));
            assertThat(Files.readString(home.resolve("logs/odock.out"))).doesNotContain("[error");
        }
        for (int i = 0; i < 3; i++) {
            assertThat(chat(governedKey).getStatus()).isEqualTo(200);
        }
        // At once, as systemd would: the records are still in memory (written behind, every second).
        long pid = Long.parseLong(Files.readString(home.resolve("data/odock.pid")).strip());
        ProcessHandle gateway = ProcessHandle.of(pid).orElseThrow();
        assertThat(gateway.destroy()).isTrue();
        gateway.onExit().get(60, TimeUnit.SECONDS);

        // Written before the embedded database closed: H2 closes it from its own JVM shutdown hook otherwise, while
        // the gateway still drains, and the records are lost.
        assertThat(Files.readString(home.resolve("logs/odock.log"))).doesNotContain("Database is already closed");
        String url = "jdbc:h2:file:" + home.resolve("data/odock").toAbsolutePath() + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE";
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT COUNT(*) FROM usage_records WHERE key_id = '" + governedId + "'")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(4 + 3);
        }
        // The access log gathers lines in a buffer; the stop wrote out those of the last calls.
        try (var lines = Files.lines(home.resolve("logs/access.log"))) {
            assertThat(lines.filter(line -> line.contains("\"key_id\":\"" + governedId + "\""))).hasSize(4 + 3);
        }
    }
}
