package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.core.testsupport.Databases;
import io.odock.core.usage.UsageRecord;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys, limits, quotas and budgets end to end: the real gateway on the real MariaDB, rate limits in the real Redis,
 * a fake OpenAI upstream, keys and policies set through the admin API, refusals checked in each dialect's shape.
 */
class GovernanceIT {
    static final String ADMIN_TOKEN = "governance-admin-token-0123";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = """
            server: { trustedProxies: [ "127.0.0.1/32", "::1/128" ] }
            admin: { token: "%s" }
            database: { url: "%s", user: root, password: "${DB_PASSWORD:-}" }
            keys: { refreshInterval: 1s }
            ratelimit: { backend: redis, redis: "redis://127.0.0.1:6379", timezone: UTC }
            budgets: { currency: USD, defaultMaxOutputTokens: 50 }
            providers:
              - { id: openai, type: openai, baseUrl: "%s", apiKey: "sk-governed" }
            models:
              - name: chat
                deployments: [ { provider: openai, model: gpt-4o-mini } ]
                pricing: { inputPerMTok: 1000, outputPerMTok: 2000 }
              - name: slow
                deployments: [ { provider: openai, model: slow-first-byte } ]
                pricing: { inputPerMTok: 1000, outputPerMTok: 2000 }
              - { name: other, deployments: [ { provider: openai, model: gpt-4o } ] }
              - { name: broken, deployments: [ { provider: openai, model: broken-stream } ] }
              - { name: gated, deployments: [ { provider: openai, model: gated-stream } ] }
            """;
    private static Databases.TestDatabase database;
    private static FakeOpenAiUpstream upstream;
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        database = Databases.fresh("mariadb");
        upstream = new FakeOpenAiUpstream();
        gateway = GatewayHarness.start(CONFIG.formatted(ADMIN_TOKEN, database.config().url(), upstream.baseUrl()),
                Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        GatewayHarness.closeAll(gateway, upstream, database);
    }

    static String base(GatewayHarness gateway) {
        return gateway.baseUrl().replaceAll("/$", "");
    }

    /** Calls the admin API and returns the JSON answer, failing on an error status. */
    static JsonNode admin(GatewayHarness gateway, HttpMethod method, String path, String body) throws Exception {
        Request request = gateway.http.newRequest(base(gateway) + path).method(method)
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + ADMIN_TOKEN))
                .timeout(30, TimeUnit.SECONDS);
        if (body != null) {
            request.body(new StringRequestContent("application/json", body));
        }
        ContentResponse response = request.send();
        assertThat(response.getStatus()).as(method + " " + path + ": " + response.getContentAsString())
                .isBetween(200, 201);
        return JSON.readTree(response.getContentAsString());
    }

    /** Creates a key through the admin API with these extra fields; returns its answer (with the secret). */
    static JsonNode createKey(GatewayHarness gateway, String fields) throws Exception {
        return admin(gateway, HttpMethod.POST, "/admin/v1/keys",
                "{\"name\":\"it\"" + (fields.isEmpty() ? "" : "," + fields) + "}");
    }

    static ContentResponse chat(GatewayHarness gateway, String key, String model, String extra) throws Exception {
        return gateway.http.POST(base(gateway) + "/v1/chat/completions")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key))
                .body(new StringRequestContent("application/json", "{\"model\":\"" + model
                        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]" + extra + "}"))
                .timeout(30, TimeUnit.SECONDS).send();
    }

    private static ContentResponse chat(String key) throws Exception {
        return chat(gateway, key, "chat", "");
    }

    private static JsonNode error(ContentResponse response) throws Exception {
        return JSON.readTree(response.getContentAsString()).path("error");
    }

    /** The key's budget once every reservation has been settled (settlements are written behind). */
    static JsonNode awaitSettled(GatewayHarness gateway, String keyId) throws Exception {
        JsonNode budget = null;
        for (int i = 0; i < 100; i++) {
            budget = admin(gateway, HttpMethod.GET, "/admin/v1/keys/" + keyId, null).path("budget");
            if (budget.path("reserved").asText().equals("0.00")) {
                return budget;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("reservations were never settled: " + budget);
    }

    @Test
    void requestsPerMinuteAreEnforcedWithOpenAisHeaders() throws Exception {
        String key = createKey(gateway, "\"limits\":{\"requests_per_minute\":2}").path("key").asText();

        ContentResponse first = chat(key);
        assertThat(first.getStatus()).isEqualTo(200);
        assertThat(first.getHeaders().get("x-ratelimit-limit-requests")).isEqualTo("2");
        assertThat(first.getHeaders().get("x-ratelimit-remaining-requests")).isEqualTo("1");
        assertThat(first.getHeaders().get("x-ratelimit-reset-requests")).matches("\\d+(ms|s)");
        assertThat(chat(key).getStatus()).isEqualTo(200);

        int before = upstream.received().size();
        ContentResponse refused = chat(key);
        assertThat(refused.getStatus()).isEqualTo(429);
        JsonNode error = error(refused);
        assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.path("scope").asText()).isEqualTo("api_key");
        assertThat(error.path("limit").asText()).isEqualTo("requests_per_minute");
        int retryAfter = error.path("retry_after").asInt();
        assertThat(retryAfter).isBetween(1, 60);
        assertThat(refused.getHeaders().get("Retry-After")).isEqualTo(Integer.toString(retryAfter));
        assertThat(refused.getHeaders().get("x-ratelimit-remaining-requests")).isEqualTo("0");
        assertThat(upstream.received()).hasSize(before);
    }

    @Test
    void aRefusalComesInTheRoutesOwnDialect() throws Exception {
        String anthropicKey = createKey(gateway, "\"limits\":{\"requests_per_day\":1}").path("key").asText();
        // The first call uses the day's only request (its upstream is OpenAI-typed, so the route refuses it with
        // 400 provider_not_allowed after admission; that still counts).
        String messages = "{\"model\":\"chat\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        gateway.http.POST(base(gateway) + "/v1/messages").headers(h -> h.put("x-api-key", anthropicKey))
                .body(new StringRequestContent("application/json", messages)).send();
        ContentResponse anthropic = gateway.http.POST(base(gateway) + "/v1/messages")
                .headers(h -> h.put("x-api-key", anthropicKey))
                .body(new StringRequestContent("application/json", messages)).send();
        assertThat(anthropic.getStatus()).isEqualTo(429);
        JsonNode body = JSON.readTree(anthropic.getContentAsString());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(body.path("error").path("code").asText()).isEqualTo("quota_exceeded");
        assertThat(body.path("error").path("limit").asText()).isEqualTo("requests_per_day");
        assertThat(anthropic.getHeaders().get("Retry-After")).isNotNull();

        String geminiKey = createKey(gateway, "\"limits\":{\"requests_per_minute\":1}").path("key").asText();
        String generate = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}";
        String url = base(gateway) + "/v1beta/models/chat:generateContent?key=" + geminiKey;
        gateway.http.POST(url).body(new StringRequestContent("application/json", generate)).send();
        ContentResponse gemini = gateway.http.POST(url).body(new StringRequestContent("application/json", generate))
                .send();
        assertThat(gemini.getStatus()).isEqualTo(429);
        JsonNode google = error(gemini);
        assertThat(google.path("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(google.path("details").path(0).path("reason").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(google.path("details").path(0).path("metadata").path("scope").asText()).isEqualTo("api_key");
    }

    @Test
    void tokensPerMinuteReserveTheEstimateAndGiveBackWhatWasNotUsed() throws Exception {
        String key = createKey(gateway, "\"limits\":{\"tokens_per_minute\":1000}").path("key").asText();
        // The estimate includes max_tokens (900); the real call uses a handful of tokens, and the rest comes back.
        assertThat(chat(gateway, key, "chat", ",\"max_tokens\":900").getStatus()).isEqualTo(200);
        ContentResponse again = chat(gateway, key, "chat", ",\"max_tokens\":900");
        assertThat(again.getStatus()).isEqualTo(200);
        assertThat(again.getHeaders().get("x-ratelimit-limit-tokens")).isEqualTo("1000");
        long remaining = Long.parseLong(again.getHeaders().get("x-ratelimit-remaining-tokens"));
        assertThat(remaining).isBetween(0L, 100L);

        // Settled, the bucket is nearly full again, but a request that may use the whole minute's tokens is not.
        ContentResponse tooMuch = chat(gateway, key, "chat", ",\"max_tokens\":5000");
        assertThat(tooMuch.getStatus()).isEqualTo(429);
        assertThat(error(tooMuch).path("limit").asText()).isEqualTo("tokens_per_minute");
        assertThat(chat(gateway, key, "chat", ",\"max_tokens\":10").getStatus()).isEqualTo(200);
    }

    @Test
    void everyLevelOfThePrincipalChainMustPass() throws Exception {
        String team = "team-" + System.nanoTime();
        admin(gateway, HttpMethod.PUT, "/admin/v1/scopes/team/" + team, "{\"limits\":{\"requests_per_minute\":2}}");
        String alice = createKey(gateway, "\"team\":\"" + team + "\"").path("key").asText();
        String bob = createKey(gateway, "\"team\":\"" + team + "\",\"limits\":{\"requests_per_minute\":100}")
                .path("key").asText();

        assertThat(chat(alice).getStatus()).isEqualTo(200);
        assertThat(chat(bob).getStatus()).isEqualTo(200);
        ContentResponse refused = chat(bob);
        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(error(refused).path("scope").asText()).isEqualTo("team");
        // The team's bucket is tighter than bob's own, so its numbers are the ones in the headers.
        assertThat(refused.getHeaders().get("x-ratelimit-limit-requests")).isEqualTo("2");
    }

    @Test
    void perModelLimitsCountApart() throws Exception {
        String key = createKey(gateway, "\"limits\":{\"models\":{\"ch*\":{\"requests_per_minute\":1}}}")
                .path("key").asText();
        assertThat(chat(key).getStatus()).isEqualTo(200);
        ContentResponse refused = chat(key);
        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(error(refused).path("model").asText()).isEqualTo("ch*");
        assertThat(chat(gateway, key, "other", "").getStatus()).isEqualTo(200);
    }

    @Test
    void aShadowLimitReportsButNeverRefuses() throws Exception {
        JsonNode created = createKey(gateway, "\"limits\":{\"requests_per_minute\":1,\"shadow\":[\"requests_per_minute\"]}");
        String key = created.path("key").asText();
        assertThat(chat(key).getStatus()).isEqualTo(200);
        ContentResponse over = chat(key);
        assertThat(over.getStatus()).isEqualTo(200);
        assertThat(over.getHeaders().get("x-odock-shadow-exceeded")).isEqualTo("api_key:requests_per_minute");

        gateway.server.usage().flush();
        List<UsageRecord> records = gateway.server.usage().findByKey(created.path("id").asText(), 10);
        assertThat(records).anySatisfy(record -> assertThat(record.details().limitEvents())
                .containsExactly("api_key:requests_per_minute"));
        String metrics = gateway.http.GET(base(gateway) + "/metrics").getContentAsString();
        assertThat(metrics).contains("odock_ratelimit_shadow_exceeded_total{scope=\"api_key\",limit=\"requests_per_minute\"}");
    }

    @Test
    void behindATrustedProxyTheForwardedClientAddressMeetsTheKeysIpList() throws Exception {
        String key = createKey(gateway, "\"ip_allow\":[\"198.51.100.0/24\"]").path("key").asText();
        ContentResponse direct = chat(key);
        assertThat(direct.getStatus()).isEqualTo(403);
        assertThat(error(direct).path("code").asText()).isEqualTo("ip_not_allowed");
        assertThat(forwardedChat(key, "198.51.100.7").getStatus()).isEqualTo(200);
        // The client wrote the allowed address itself; the proxy appended the address it really came from.
        ContentResponse forged = forwardedChat(key, "198.51.100.7, 203.0.113.5");
        assertThat(forged.getStatus()).isEqualTo(403);
        assertThat(error(forged).path("code").asText()).isEqualTo("ip_not_allowed");
    }

    private static ContentResponse forwardedChat(String key, String forwardedFor) throws Exception {
        return gateway.http.POST(base(gateway) + "/v1/chat/completions")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key).put("X-Forwarded-For", forwardedFor))
                .body(new StringRequestContent("application/json",
                        "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .timeout(30, TimeUnit.SECONDS).send();
    }

    @Test
    void keyPoliciesRefuseBeforeAnythingIsSpent() throws Exception {
        String models = createKey(gateway, "\"models\":[\"chat\"]").path("key").asText();
        ContentResponse notAllowed = chat(gateway, models, "other", "");
        assertThat(notAllowed.getStatus()).isEqualTo(403);
        assertThat(error(notAllowed).path("code").asText()).isEqualTo("model_not_allowed");

        String denied = createKey(gateway, "\"ip_deny\":[\"127.0.0.0/8\"]").path("key").asText();
        ContentResponse ip = chat(denied);
        assertThat(ip.getStatus()).isEqualTo(403);
        assertThat(error(ip).path("code").asText()).isEqualTo("ip_not_allowed");
        String allowed = createKey(gateway, "\"ip_allow\":[\"127.0.0.1\",\"::1\"]").path("key").asText();
        assertThat(chat(allowed).getStatus()).isEqualTo(200);

        String ceiling = createKey(gateway, "\"max_tokens\":100,\"max_request_bytes\":400").path("key").asText();
        ContentResponse tooManyTokens = chat(gateway, ceiling, "chat", ",\"max_tokens\":101");
        assertThat(tooManyTokens.getStatus()).isEqualTo(400);
        assertThat(error(tooManyTokens).path("code").asText()).isEqualTo("max_tokens_exceeded");
        assertThat(chat(gateway, ceiling, "chat", ",\"max_tokens\":100").getStatus()).isEqualTo(200);
        ContentResponse tooLarge = chat(gateway, ceiling, "chat", ",\"user\":\"" + "x".repeat(400) + "\"");
        assertThat(tooLarge.getStatus()).isEqualTo(413);
        assertThat(error(tooLarge).path("code").asText()).isEqualTo("request_too_large");
    }

    @Test
    @Timeout(60)
    void concurrentRequestsAreCappedPerKey() throws Exception {
        String key = createKey(gateway, "\"max_concurrent_requests\":1").path("key").asText();
        // A stream the fake upstream holds open after its first word, until the test opens the gate.
        CompletableFuture<ContentResponse> held = CompletableFuture.supplyAsync(() -> {
            try {
                return chat(gateway, key, "gated", ",\"stream\":true");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < 200 && upstream.received().stream()
                .noneMatch(r -> r.body().path("model").asText().equals("gated-stream")); i++) {
            Thread.sleep(25);
        }
        ContentResponse second = chat(key);
        assertThat(second.getStatus()).isEqualTo(429);
        assertThat(error(second).path("code").asText()).isEqualTo("concurrency_limit_exceeded");
        assertThat(second.getHeaders().get("Retry-After")).isEqualTo("1");

        upstream.gate.countDown();
        assertThat(held.get(30, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        assertThat(chat(key).getStatus()).isEqualTo(200);
    }

    @Test
    void expiredRevokedRotatedAndMissingKeysAreDistinct401s() throws Exception {
        ContentResponse missing = gateway.http.POST(base(gateway) + "/v1/chat/completions")
                .body(new StringRequestContent("application/json", "{}")).send();
        assertThat(error(missing).path("code").asText()).isEqualTo("missing_api_key");

        String expired = createKey(gateway, "\"expires_at\":\"2020-01-01T00:00:00Z\"").path("key").asText();
        ContentResponse old = chat(expired);
        assertThat(old.getStatus()).isEqualTo(401);
        assertThat(error(old).path("code").asText()).isEqualTo("api_key_expired");

        JsonNode created = createKey(gateway, "\"limits\":{\"requests_per_minute\":3}");
        String id = created.path("id").asText();
        String secret = created.path("key").asText();
        assertThat(chat(secret).getStatus()).isEqualTo(200);
        admin(gateway, HttpMethod.POST, "/admin/v1/keys/" + id + "/revoke", null);
        assertThat(error(chat(secret)).path("code").asText()).isEqualTo("api_key_revoked");
        admin(gateway, HttpMethod.POST, "/admin/v1/keys/" + id + "/unrevoke", null);
        assertThat(chat(secret).getStatus()).isEqualTo(200);

        JsonNode rotated = admin(gateway, HttpMethod.POST, "/admin/v1/keys/" + id + "/rotate", null);
        assertThat(rotated.path("id").asText()).isEqualTo(id);
        ContentResponse oldSecret = chat(secret);
        assertThat(oldSecret.getStatus()).isEqualTo(401);
        assertThat(error(oldSecret).path("code").asText()).isEqualTo("invalid_api_key");
        // Same key id, so the same bucket: two calls used, one left, then refused.
        String fresh = rotated.path("key").asText();
        assertThat(chat(fresh).getStatus()).isEqualTo(200);
        assertThat(chat(fresh).getStatus()).isEqualTo(429);
        assertThat(gateway.allLogs()).doesNotContain(secret).doesNotContain(fresh);
    }

    @Test
    void aBudgetRefusesWith402BeforeAnyUpstreamCall() throws Exception {
        JsonNode created = createKey(gateway, "\"team\":\"finance\",\"budget\":{\"amount\":\"0.05\",\"period\":\"monthly\","
                + "\"warn_at\":[50]}");
        String key = created.path("key").asText();
        String id = created.path("id").asText();
        assertThat(chat(gateway, key, "chat", ",\"max_tokens\":5").getStatus()).isEqualTo(200);

        int before = upstream.received().size();
        ContentResponse refused = chat(gateway, key, "chat", ",\"max_tokens\":5");
        assertThat(refused.getStatus()).as(refused.getContentAsString()).isEqualTo(402);
        JsonNode error = error(refused);
        assertThat(error.path("code").asText()).isEqualTo("budget_exceeded");
        assertThat(error.path("scope").asText()).isEqualTo("api_key");
        assertThat(error.path("currency").asText()).isEqualTo("USD");
        assertThat(new java.math.BigDecimal(error.path("remaining").asText())).isLessThan(new java.math.BigDecimal("0.05"));
        assertThat(error.path("resets_at").asText()).endsWith("Z");
        assertThat(upstream.received()).hasSize(before);

        JsonNode settled = awaitSettled(gateway, id);
        java.math.BigDecimal spent = new java.math.BigDecimal(settled.path("spent").asText());
        assertThat(spent).isPositive();

        gateway.server.usage().flush();
        UsageRecord record = gateway.server.usage().findByKey(id, 10).stream()
                .filter(r -> r.status() == 200).findFirst().orElseThrow();
        // Exact: 1000 USD per million input tokens and 2000 per million output tokens.
        long expected = record.inputTokens() * 1_000_000L + record.outputTokens() * 2_000_000L;
        assertThat(record.details().costNanos()).contains(expected);
        assertThat(spent).isEqualByComparingTo(java.math.BigDecimal.valueOf(expected, 9));
        assertThat(record.details().currency()).contains("USD");
        assertThat(record.details().pricing()).containsEntry("input_per_mtok", "1000")
                .containsEntry("output_per_mtok", "2000");
        assertThat(record.details().owner().team()).contains("finance");
        assertThat(record.details().providerRequestId()).isPresent();
    }

    @Test
    @Timeout(120)
    void fiftyConcurrentRequestsCannotOverspendANearlySpentBudget() throws Exception {
        // Each call reserves its maximum (input estimate + max_tokens at the model's price) and costs less; the
        // budget leaves room for a few of them.
        JsonNode created = createKey(gateway, "\"budget\":{\"amount\":\"0.20\",\"period\":\"total\"}");
        String key = created.path("key").asText();
        String id = created.path("id").asText();
        List<Future<ContentResponse>> calls = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(50)) {
            for (int i = 0; i < 50; i++) {
                calls.add(threads.submit(() -> chat(gateway, key, "slow", ",\"max_tokens\":20")));
            }
            int ok = 0;
            int refused = 0;
            for (Future<ContentResponse> call : calls) {
                int status = call.get(60, TimeUnit.SECONDS).getStatus();
                if (status == 200) {
                    ok++;
                } else if (status == 402) {
                    refused++;
                }
            }
            assertThat(ok).isPositive();
            assertThat(ok + refused).isEqualTo(50);
            assertThat(refused).isPositive();
        }
        JsonNode budget = awaitSettled(gateway, id);
        assertThat(new java.math.BigDecimal(budget.path("spent").asText()))
                .isLessThanOrEqualTo(new java.math.BigDecimal("0.20"));
        try (Connection connection = DriverManager.getConnection(database.config().url(), "root", "");
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT spent_nanos, reserved_nanos FROM budget_ledger "
                     + "WHERE scope_kind = 'api_key' AND scope_id = '" + id + "'")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getLong(1)).isLessThanOrEqualTo(200_000_000L);
            assertThat(row.getLong(2)).isZero();
        }
    }

    @Test
    void aStreamCutBeforeItsUsageIsRecordedAsAnEstimateAndCountsAgainstTokenLimits() throws Exception {
        JsonNode created = createKey(gateway, "\"limits\":{\"tokens_per_minute\":600}");
        String key = created.path("key").asText();
        ContentResponse stream = chat(gateway, key, "broken", ",\"stream\":true");
        assertThat(stream.getStatus()).isEqualTo(200);
        assertThat(stream.getContentAsString()).contains("error");

        gateway.server.usage().flush();
        UsageRecord record = gateway.server.usage().findByKey(created.path("id").asText(), 1).getFirst();
        assertThat(record.streamed()).isTrue();
        assertThat(record.errorCode()).isPresent();
        assertThat(record.details().estimated()).isTrue();
        assertThat(record.inputTokens()).isPositive();
        assertThat(record.outputTokens()).isPositive();

        // The estimate counts against the bucket (it refills 10 tokens a second, less than the next call's estimate).
        ContentResponse next = chat(key);
        long remaining = Long.parseLong(next.getHeaders().get("x-ratelimit-remaining-tokens"));
        assertThat(remaining).isLessThan(600 - record.inputTokens());
    }

    @Test
    void usageAndSpendAreReportedByTeamModelAndDay() throws Exception {
        String team = "reporting-" + System.nanoTime();
        String key = createKey(gateway, "\"team\":\"" + team + "\"").path("key").asText();
        assertThat(chat(key).getStatus()).isEqualTo(200);
        assertThat(chat(gateway, key, "other", "").getStatus()).isEqualTo(200);

        JsonNode report = admin(gateway, HttpMethod.GET, "/admin/v1/usage?team=" + team + "&group_by=model,day", null);
        assertThat(report.path("currency").asText()).isEqualTo("USD");
        assertThat(report.path("data")).hasSize(2);
        JsonNode chatRow = report.path("data").path(0);
        assertThat(chatRow.path("model").asText()).isEqualTo("chat");
        assertThat(chatRow.path("day").asText()).isEqualTo(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
        assertThat(chatRow.path("requests").asInt()).isEqualTo(1);
        assertThat(chatRow.path("input_tokens").asLong()).isPositive();
        assertThat(new java.math.BigDecimal(chatRow.path("spend").asText())).isPositive();
        // 'other' has no pricing: its calls are counted, and cost nothing.
        assertThat(report.path("data").path(1).path("spend").asText()).isEqualTo("0.00");

        ObjectNode bad = (ObjectNode) JSON.readTree(gateway.http.newRequest(base(gateway)
                        + "/admin/v1/usage?group_by=colour").headers(h -> h.put(HttpHeader.AUTHORIZATION,
                "Bearer " + ADMIN_TOKEN)).send().getContentAsString());
        assertThat(bad.path("error").path("message").asText()).contains("colour");
    }
}
