package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.odock.core.usage.UsageRecord;
import io.odock.distribution.fixtures.mcp.McpTools;
import io.odock.distribution.fixtures.mcp.StdioMcpServer;
import io.odock.distribution.fixtures.mcp.StreamableHttpMcpServer;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The MCP gateway end to end: real MCP servers built with the official Java SDK (one over Streamable HTTP that only
 * accepts the operator's bearer token, one over STDIO started by the gateway as a process), reached through
 * {@code /v1/mcp/{id}} with Odock keys, by the SDK's own client and by raw JSON-RPC over HTTP. Server and key tool
 * rules, the keyword guard, server grants, budgets, usage records, SafetySec on tool arguments and results, rate
 * limits, an unreachable server, and secret hygiene.
 */
class McpGatewayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HTTP = "tools-http";
    private static final String STDIO = "tools-stdio";
    private static final String PROTOCOL_VERSION = "2025-06-18";
    private static final String CONFIG = """
            admin: { token: "%s" }
            budgets: { currency: USD }
            server: { drainTimeout: 1s }   # MCP clients hold GET streams open; the test need not wait them out
            mcp:
              servers:
                - id: tools-http
                  transport: http
                  url: "%s"
                  auth: { type: bearer, token: "%s" }
                  tools: { deny: [ "delete_*" ] }
                  guard: { keywords: [ "rm -rf", "drop table" ] }
                  pricing: { perCall: "0.01", perInputByte: "0.000001", perOutputByte: "0.000002" }
                  maxOutputBytes: 65536     # reserved before a call: 0.01 + input + 65536 x 0.000002
                - id: tools-stdio
                  transport: stdio
                  command: [ %s ]
                  tools: { deny: [ "delete_*" ] }
                - id: tools-sse
                  transport: sse
                  url: "%s"
                  auth: { type: bearer, token: "%s" }
                  tools: { deny: [ "delete_*" ] }
                - id: tools-down           # nothing listens on port 1
                  transport: http
                  url: "http://127.0.0.1:1/mcp"
            """;
    /** SafetySec on MCP traffic: personal data redacted, secrets refused, in tool arguments and in tool results. */
    private static final String SAFETYSEC = """
            { "policies": { "default": { "pii": "redact", "secrets": "block" } } }""";

    private static StreamableHttpMcpServer upstream;
    private static StreamableHttpMcpServer legacy;
    private static GatewayHarness gateway;
    /** Every Odock key secret this class created: none may reach the MCP server or the logs. */
    private static final List<String> secrets = new CopyOnWriteArrayList<>();
    private static final AtomicInteger ids = new AtomicInteger(100);

    @BeforeAll
    static void start() throws Exception {
        upstream = new StreamableHttpMcpServer();
        legacy = StreamableHttpMcpServer.legacySse();
        String command = StdioMcpServer.command().stream().map(McpGatewayIT::yamlString)
                .collect(Collectors.joining(", "));
        gateway = GatewayHarness.start(CONFIG.formatted(GovernanceIT.ADMIN_TOKEN, upstream.url(),
                StreamableHttpMcpServer.TOKEN, command, legacy.url(), StreamableHttpMcpServer.TOKEN), Map.of(),
                GatewayHarness.pluginsDir(), Map.of("safetysec", SAFETYSEC));
    }

    @AfterAll
    static void stop() throws Exception {
        // The gateway first: it ends its STDIO server processes and its sessions with the HTTP server.
        GatewayHarness.closeAll(gateway, upstream, legacy);
    }

    // ---- a) tools/list ------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {HTTP, STDIO, "tools-sse"})
    @Timeout(60)
    void initializeSucceedsAndToolsListHidesWhatTheServerDenies(String server) throws Exception {
        String key = key("\"mcp_servers\":[\"tools-*\"]").secret();
        try (McpSyncClient client = client(server, key)) {
            McpSchema.InitializeResult init = client.initialize();
            assertThat(init.serverInfo().name()).startsWith("odock-fixture");
            assertThat(toolNames(client)).containsExactlyInAnyOrder("echo", "add", "leak");
        }
    }

    @Test
    @Timeout(60)
    void aServerOnTheOlderSseTransportIsOfferedAsStreamableHttp() throws Exception {
        String key = key("\"mcp_servers\":[\"tools-*\"]").secret();
        int echoes = legacy.calls("echo");
        try (McpSyncClient client = client("tools-sse", key)) {
            client.initialize();
            assertThat(McpFixturesIT.text(client.callTool(McpFixturesIT.call("echo", Map.of("text", "over sse")))))
                    .isEqualTo("over sse");
        }
        assertThat(legacy.calls("echo")).isEqualTo(echoes + 1);
        assertThat(legacy.refused()).isZero();
    }

    @Test
    @Timeout(60)
    void aKeysOwnToolDenyListHidesAndRefusesThatToolOnThatServerOnly() throws Exception {
        String key = key("\"mcp_servers\":[\"tools-*\"],\"mcp_tools_deny\":[\"tools-http/leak\"]").secret();
        try (McpSyncClient client = client(HTTP, key)) {
            client.initialize();
            assertThat(toolNames(client)).containsExactlyInAnyOrder("echo", "add");
        }
        try (McpSyncClient client = client(STDIO, key)) {
            client.initialize();
            assertThat(toolNames(client)).containsExactlyInAnyOrder("echo", "add", "leak");
        }

        int leaks = upstream.calls("leak");
        RawSession session = RawSession.open(HTTP, key);
        ContentResponse refused = session.callTool("leak", "{}");
        assertThat(refused.getStatus()).as(refused.getContentAsString()).isEqualTo(403);
        assertThat(errorCode(refused)).isEqualTo("mcp_tool_not_allowed");
        assertThat(upstream.calls("leak")).isEqualTo(leaks);
    }

    // ---- b) tools/call passes through ---------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {HTTP, STDIO})
    @Timeout(60)
    void toolCallsReachTheServerAndAnswer(String server) throws Exception {
        String key = key("\"mcp_servers\":[\"tools-*\"]").secret();
        int echoes = upstream.calls("echo");
        int adds = upstream.calls("add");
        try (McpSyncClient client = client(server, key)) {
            client.initialize();
            String text = "hello through odock";
            assertThat(McpFixturesIT.text(client.callTool(McpFixturesIT.call("echo", Map.of("text", text)))))
                    .isEqualTo(text);
            assertThat(McpFixturesIT.text(client.callTool(McpFixturesIT.call("add", Map.of("a", 19, "b", 23)))))
                    .isEqualTo("42");
        }
        if (server.equals(HTTP)) {
            assertThat(upstream.calls("echo")).isEqualTo(echoes + 1);
            assertThat(upstream.calls("add")).isEqualTo(adds + 1);
        }

        // The same over raw JSON-RPC.
        RawSession session = RawSession.open(server, key);
        ContentResponse echo = session.callTool("echo", "{\"text\":\"raw hello\"}");
        assertThat(echo.getStatus()).as(echo.getContentAsString()).isEqualTo(200);
        JsonNode result = rpcMessage(echo).path("result");
        assertThat(result.path("content").path(0).path("text").asText()).isEqualTo("raw hello");
    }

    // ---- c) a denied tool never runs ----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {HTTP, STDIO})
    @Timeout(90)
    void aToolTheServerDeniesIsRefusedAndNeverReachesIt(String server) throws Exception {
        String key = key("\"mcp_servers\":[\"tools-*\"]").secret();

        RawSession session = RawSession.open(server, key);
        ContentResponse refused = session.callTool("delete_everything", "{}");
        assertThat(refused.getStatus()).as(refused.getContentAsString()).isEqualTo(403);
        assertThat(errorCode(refused)).isEqualTo("mcp_tool_not_allowed");

        try (McpSyncClient client = client(server, key)) {
            client.initialize();
            assertThatThrownBy(() -> client.callTool(McpFixturesIT.call("delete_everything", Map.of())))
                    .isInstanceOf(RuntimeException.class);
        }
        assertThat(upstream.calls("delete_everything")).isZero();
    }

    // ---- d) keyword guard ---------------------------------------------------------------------------------------

    @Test
    @Timeout(60)
    void theKeywordGuardRefusesArgumentsBeforeTheServerSeesThem() throws Exception {
        String key = key("\"mcp_servers\":[\"tools-*\"]").secret();
        RawSession session = RawSession.open(HTTP, key);
        int echoes = upstream.calls("echo");

        ContentResponse refused = session.callTool("echo", "{\"text\":\"please rm -rf /\"}");
        assertThat(refused.getStatus()).as(refused.getContentAsString()).isEqualTo(403);
        assertThat(errorCode(refused)).isEqualTo("mcp_guardrail_block");
        ContentResponse shouted = session.callTool("echo", "{\"text\":\"DROP TABLE users\"}");
        assertThat(shouted.getStatus()).as(shouted.getContentAsString()).isEqualTo(403);
        assertThat(errorCode(shouted)).isEqualTo("mcp_guardrail_block");
        assertThat(upstream.calls("echo")).isEqualTo(echoes);

        // A harmless call on the same session still goes through.
        ContentResponse fine = session.callTool("echo", "{\"text\":\"please list the files\"}");
        assertThat(fine.getStatus()).as(fine.getContentAsString()).isEqualTo(200);
        assertThat(upstream.calls("echo")).isEqualTo(echoes + 1);
    }

    // ---- e) who may reach which server --------------------------------------------------------------------------

    @Test
    @Timeout(60)
    void keysReachOnlyTheServersTheyAreGranted() throws Exception {
        String stdioOnly = key("\"mcp_servers\":[\"tools-stdio\"]").secret();
        ContentResponse toHttp = post(HTTP, stdioOnly, null, initializeBody(1));
        assertThat(toHttp.getStatus()).as(toHttp.getContentAsString()).isEqualTo(403);
        assertThat(errorCode(toHttp)).isEqualTo("mcp_not_allowed");

        String httpOnly = key("\"mcp_servers\":[\"tools-http\"]").secret();
        ContentResponse toStdio = post(STDIO, httpOnly, null, initializeBody(1));
        assertThat(toStdio.getStatus()).as(toStdio.getContentAsString()).isEqualTo(403);
        assertThat(errorCode(toStdio)).isEqualTo("mcp_not_allowed");

        String everything = key("\"mcp_servers\":[\"*\"]").secret();
        ContentResponse unknown = post("no-such-server", everything, null, initializeBody(1));
        assertThat(unknown.getStatus()).as(unknown.getContentAsString()).isEqualTo(404);
        assertThat(errorCode(unknown)).isEqualTo("mcp_not_found");

        ContentResponse anonymous = post(HTTP, null, null, initializeBody(1));
        assertThat(anonymous.getStatus()).as(anonymous.getContentAsString()).isEqualTo(401);
    }

    // ---- f) budgets and usage records ---------------------------------------------------------------------------

    @Test
    @Timeout(60)
    void aToolCallIsChargedPerCallAndPerByteToTheKeysBudget() throws Exception {
        CreatedKey key = key("\"mcp_servers\":[\"tools-*\"],\"budget\":{\"amount\":\"1.00\",\"period\":\"total\"}");
        RawSession session = RawSession.open(HTTP, key.secret());
        ContentResponse echo = session.callTool("echo", "{\"text\":\"what does this cost?\"}");
        assertThat(echo.getStatus()).as(echo.getContentAsString()).isEqualTo(200);

        JsonNode budget = GovernanceIT.awaitSettled(gateway, key.id());
        BigDecimal spent = new BigDecimal(budget.path("spent").asText());
        assertThat(spent).isPositive();

        gateway.server.usage().flush();
        List<UsageRecord> records = gateway.server.usage().findByKey(key.id(), 50);
        UsageRecord call = records.stream()
                .filter(r -> r.route().equals("/v1/mcp/" + HTTP))
                .filter(r -> r.upstreamModel().equals(Optional.of("echo")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no tools/call record among " + records));
        assertThat(call.providerId()).contains(HTTP);
        assertThat(call.status()).isEqualTo(200);
        long[] bytes = mcpBytes(call);
        assertThat(bytes[0]).as("bytes in").isPositive();
        assertThat(bytes[1]).as("bytes out").isPositive();
        // 0.01 per call, 0.000001 per input byte, 0.000002 per output byte, in nano-dollars.
        long expected = 10_000_000L + bytes[0] * 1_000L + bytes[1] * 2_000L;
        assertThat(call.details().costNanos()).contains(expected);
        // Every exchange of the session is charged by its bytes (initialize and its notification too); the call
        // adds its per-call price: the budget holds exactly the sum of the records' costs.
        long all = records.stream().filter(r -> r.route().equals("/v1/mcp/" + HTTP))
                .mapToLong(r -> r.details().costNanos().orElse(0L)).sum();
        assertThat(records.stream().filter(r -> r.route().equals("/v1/mcp/" + HTTP))).hasSizeGreaterThan(1);
        assertThat(spent).isEqualByComparingTo(BigDecimal.valueOf(all, 9));
        assertThat(call.details().currency()).contains("USD");
    }

    // ---- g) SafetySec, rate limits and upstream failures ----------------------------------------------------------

    @Test
    @Timeout(60)
    void safetySecInspectsToolArgumentsAndToolResults() throws Exception {
        String key = key("\"mcp_servers\":[\"tools-*\"]").secret();
        RawSession session = RawSession.open(HTTP, key);

        // Personal data in the arguments is redacted before the server sees it: the echo answers the masked text.
        ContentResponse echoed = session.callTool("echo", "{\"text\":\"write to jane.doe@example.com today\"}");
        assertThat(echoed.getStatus()).as(echoed.getContentAsString()).isEqualTo(200);
        String echo = rpcMessage(echoed).path("result").path("content").path(0).path("text").asText();
        assertThat(echo).contains("[REDACTED:").contains("today").doesNotContain("jane.doe@example.com");

        // A secret in the arguments is refused before the server is called.
        int echoes = upstream.calls("echo");
        ContentResponse refused = session.callTool("echo", "{\"text\":\"use " + McpTools.FAKE_AWS_KEY + "\"}");
        assertThat(refused.getStatus()).as(refused.getContentAsString()).isEqualTo(403);
        assertThat(errorCode(refused)).isEqualTo("safety_blocked");
        assertThat(refused.getContentAsString()).doesNotContain(McpTools.FAKE_AWS_KEY);
        assertThat(upstream.calls("echo")).isEqualTo(echoes);

        // A secret in a tool's result never reaches the client, although the tool ran: SafetySec's leakage rules
        // (redact by default) mask it in the answer.
        int leaks = upstream.calls(McpTools.LEAK);
        ContentResponse leaked = session.callTool(McpTools.LEAK, "{}");
        assertThat(leaked.getStatus()).as(leaked.getContentAsString()).isEqualTo(200);
        assertThat(upstream.calls(McpTools.LEAK)).isEqualTo(leaks + 1);
        assertThat(leaked.getContentAsString()).doesNotContain(McpTools.FAKE_AWS_KEY);
        assertThat(rpcMessage(leaked).path("result").path("content").path(0).path("text").asText())
                .startsWith("the key is [REDACTED:");
    }

    @Test
    @Timeout(60)
    void aKeysRateLimitCountsItsMcpCalls() throws Exception {
        String key = key("\"mcp_servers\":[\"tools-*\"],\"limits\":{\"requests_per_minute\":4}").secret();
        RawSession session = RawSession.open(HTTP, key);
        int echoes = upstream.calls("echo");
        List<Integer> statuses = new ArrayList<>();
        ContentResponse last = null;
        for (int i = 0; i < 4; i++) {
            last = session.callTool("echo", "{\"text\":\"call " + i + "\"}");
            statuses.add(last.getStatus());
        }
        // Some calls fit in what the session left of the four; then every one is refused, and never reaches it.
        int answered = statuses.indexOf(429);
        assertThat(answered).as("statuses " + statuses).isPositive();
        assertThat(statuses.subList(0, answered)).containsOnly(200);
        assertThat(statuses.subList(answered, statuses.size())).containsOnly(429);
        assertThat(errorCode(last)).isEqualTo("rate_limit_exceeded");
        assertThat(last.getHeaders().get(HttpHeader.RETRY_AFTER)).isNotBlank();
        assertThat(upstream.calls("echo")).isEqualTo(echoes + answered);
    }

    @Test
    @Timeout(60)
    void anUnreachableServerIsA502WithAStableCode() throws Exception {
        String key = key("\"mcp_servers\":[\"tools-*\"]").secret();
        ContentResponse down = post("tools-down", key, null, initializeBody(1));
        assertThat(down.getStatus()).as(down.getContentAsString()).isEqualTo(502);
        assertThat(errorCode(down)).isEqualTo("mcp_upstream_error");
        assertThat(down.getContentAsString()).doesNotContain("127.0.0.1:1");
    }

    // ---- h) credentials ---------------------------------------------------------------------------------------

    @Test
    @Timeout(60)
    void theOperatorsCredentialReachesTheServerAndNoSecretReachesTheLogs() throws Exception {
        String key = key("\"mcp_servers\":[\"tools-*\"]").secret();
        int accepted = upstream.accepted();
        try (McpSyncClient client = client(HTTP, key)) {
            client.initialize();
            assertThat(McpFixturesIT.text(client.callTool(McpFixturesIT.call("echo", Map.of("text", "who am i")))))
                    .isEqualTo("who am i");
        }
        try (McpSyncClient client = client(STDIO, key)) {
            client.initialize();
            assertThat(McpFixturesIT.text(client.callTool(McpFixturesIT.call("echo", Map.of("text", "who am i")))))
                    .isEqualTo("who am i");
        }

        // The fixture refuses anything without the operator's token: it answered, so the gateway sent it, and it
        // never received a request without it nor any header carrying an Odock key.
        assertThat(upstream.accepted()).isGreaterThan(accepted);
        assertThat(upstream.refused()).isZero();
        assertThat(upstream.headerValues()).contains("Bearer " + StreamableHttpMcpServer.TOKEN);
        for (String secret : secrets) {
            assertThat(upstream.headerValues()).noneSatisfy(value -> assertThat(value).contains(secret));
        }

        String logs = gateway.allLogs();
        assertThat(logs).doesNotContain(StreamableHttpMcpServer.TOKEN);
        for (String secret : secrets) {
            assertThat(logs).doesNotContain(secret);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private record CreatedKey(String id, String secret) {
    }

    private static CreatedKey key(String fields) throws Exception {
        JsonNode created = GovernanceIT.createKey(gateway, fields);
        CreatedKey key = new CreatedKey(created.path("id").asText(), created.path("key").asText());
        assertThat(key.id()).isNotBlank();
        assertThat(key.secret()).isNotBlank();
        secrets.add(key.secret());
        return key;
    }

    /** The SDK's own client, speaking Streamable HTTP to {@code /v1/mcp/{server}} with the Odock key. */
    private static McpSyncClient client(String server, String key) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder(GovernanceIT.base(gateway))
                .endpoint("/v1/mcp/" + server)
                .addHttpRequestCustomizer((request, method, uri, body, context) ->
                        request.header("Authorization", "Bearer " + key))
                .build();
        return McpFixturesIT.client(transport);
    }

    private static List<String> toolNames(McpSyncClient client) {
        return client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
    }

    /** A session opened by hand: initialize, then the initialized notification. */
    private record RawSession(String server, String key, String sessionId) {
        static RawSession open(String server, String key) throws Exception {
            ContentResponse init = post(server, key, null, initializeBody(1));
            assertThat(init.getStatus()).as(init.getContentAsString()).isEqualTo(200);
            JsonNode result = rpcMessage(init).path("result");
            assertThat(result.path("protocolVersion").asText()).isNotBlank();
            String sessionId = init.getHeaders().get("Mcp-Session-Id");
            RawSession session = new RawSession(server, key, sessionId);
            ContentResponse initialized = post(server, key, sessionId,
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            assertThat(initialized.getStatus()).as(initialized.getContentAsString()).isBetween(200, 202);
            return session;
        }

        ContentResponse callTool(String tool, String argumentsJson) throws Exception {
            return post(server, key, sessionId, "{\"jsonrpc\":\"2.0\",\"id\":" + ids.incrementAndGet()
                    + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":"
                    + argumentsJson + "}}");
        }
    }

    private static String initializeBody(int id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
                + PROTOCOL_VERSION + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"odock-raw-it\",\"version\":"
                + "\"1.0.0\"}}}";
    }

    /** POSTs one JSON-RPC message as a Streamable HTTP client would. */
    private static ContentResponse post(String server, String key, String sessionId, String body) throws Exception {
        Request request = gateway.http.newRequest(GovernanceIT.base(gateway) + "/v1/mcp/" + server)
                .method(HttpMethod.POST)
                .headers(h -> {
                    h.put(HttpHeader.ACCEPT, "application/json, text/event-stream");
                    if (key != null) {
                        h.put(HttpHeader.AUTHORIZATION, "Bearer " + key);
                    }
                    if (sessionId != null) {
                        h.put("Mcp-Session-Id", sessionId);
                        h.put("MCP-Protocol-Version", PROTOCOL_VERSION);
                    }
                })
                .body(new StringRequestContent("application/json", body))
                .timeout(30, TimeUnit.SECONDS);
        return request.send();
    }

    /** The JSON-RPC answer in a response, whether sent as JSON or as a stream of server-sent events. */
    private static JsonNode rpcMessage(ContentResponse response) throws Exception {
        String type = response.getHeaders().get(HttpHeader.CONTENT_TYPE);
        String text = response.getContentAsString();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream")) {
            return JSON.readTree(text);
        }
        List<JsonNode> answers = new ArrayList<>();
        StringBuilder data = new StringBuilder();
        for (String line : (text + "\n\n").split("\r?\n", -1)) {
            if (line.startsWith("data:")) {
                data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).strip());
            } else if (line.isEmpty() && !data.isEmpty()) {
                JsonNode message = JSON.readTree(data.toString());
                if (message.has("result") || message.has("error")) {
                    answers.add(message);
                }
                data.setLength(0);
            }
        }
        assertThat(answers).as("JSON-RPC answers in: " + text).isNotEmpty();
        return answers.getLast();
    }

    private static String errorCode(ContentResponse response) throws Exception {
        return JSON.readTree(response.getContentAsString()).path("error").path("code").asText();
    }

    /**
     * The bytes sent to and received from the server, as the record's MCP details say ({@code details().mcp()},
     * {@code bytesIn()}, {@code bytesOut()}). Read reflectively so this test compiles against a core that predates
     * them; with such a core the test fails here, saying so.
     */
    private static long[] mcpBytes(UsageRecord record) {
        io.odock.core.usage.McpUsage mcp = record.details().mcp()
                .orElseThrow(() -> new AssertionError("the record has no MCP details: " + record));
        assertThat(mcp.method()).isEqualTo("tools/call");
        assertThat(mcp.tool()).contains("echo");
        assertThat(mcp.transport()).isEqualTo("http");
        return new long[] {mcp.bytesIn(), mcp.bytesOut()};
    }

    /** A YAML double-quoted scalar (a JSON string is one). */
    private static String yamlString(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
