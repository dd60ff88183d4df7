package io.odock.distribution;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.odock.distribution.fixtures.mcp.McpTools;
import io.odock.distribution.fixtures.mcp.StdioMcpServer;
import io.odock.distribution.fixtures.mcp.StreamableHttpMcpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The MCP fixtures on their own, without the gateway: the official SDK client talks to the Streamable HTTP fixture
 * (with and without its bearer token) and to the STDIO fixture started as a process. If this fails, McpGatewayIT's
 * failures say nothing about the gateway.
 */
class McpFixturesIT {
    private static StreamableHttpMcpServer http;

    @BeforeAll
    static void start() throws Exception {
        http = new StreamableHttpMcpServer();
    }

    @AfterAll
    static void stop() throws Exception {
        GatewayHarness.closeAll(http);
    }

    static McpSyncClient client(McpClientTransport transport) {
        return McpClient.sync(transport)
                .clientInfo(McpSchema.Implementation.builder("odock-it", "1.0.0").build())
                .requestTimeout(Duration.ofSeconds(20))
                .initializationTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** A tools/call request. */
    static CallToolRequest call(String tool, Map<String, Object> arguments) {
        return CallToolRequest.builder(tool).arguments(arguments).build();
    }

    static String text(CallToolResult result) {
        assertThat(result.isError()).as("isError: " + result).isNotEqualTo(Boolean.TRUE);
        assertThat(result.content()).hasSize(1);
        return ((McpSchema.TextContent) result.content().getFirst()).text();
    }

    private static void exercise(McpSyncClient client) {
        McpSchema.InitializeResult init = client.initialize();
        assertThat(init.serverInfo().name()).startsWith("odock-fixture");
        assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
                .containsExactlyInAnyOrderElementsOf(McpTools.NAMES);
        assertThat(text(client.callTool(call("echo", Map.of("text", "hello mcp")))))
                .isEqualTo("hello mcp");
        assertThat(text(client.callTool(call("add", Map.of("a", 2, "b", 3))))).isEqualTo("5");
        assertThat(text(client.callTool(call("add", Map.of("a", 2.5, "b", 1))))).isEqualTo("3.5");
        assertThat(text(client.callTool(call("leak", Map.of())))).contains(McpTools.FAKE_AWS_KEY);
        assertThat(text(client.callTool(call("delete_everything", Map.of())))).isEqualTo("deleted");
    }

    @Test
    @Timeout(60)
    void theStreamableHttpFixtureServesItsToolsToAClientWithTheBearerToken() {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(http.baseUrl())
                .endpoint(StreamableHttpMcpServer.ENDPOINT)
                .addHttpRequestCustomizer((request, method, uri, body, context) ->
                        request.header("Authorization", "Bearer " + StreamableHttpMcpServer.TOKEN))
                .build();
        int echoes = http.calls("echo");
        try (McpSyncClient client = client(transport)) {
            exercise(client);
        }
        assertThat(http.url()).matches("http://127\\.0\\.0\\.1:\\d+/mcp");
        assertThat(http.calls("echo")).isEqualTo(echoes + 1);
        assertThat(http.calls("add")).isGreaterThanOrEqualTo(2);
        assertThat(http.calls("delete_everything")).isPositive();
        assertThat(http.headerValues()).contains("Bearer " + StreamableHttpMcpServer.TOKEN);
    }

    @Test
    @Timeout(60)
    void theStreamableHttpFixtureRefusesRequestsWithoutTheToken() throws Exception {
        int refused = http.refused();
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(http.baseUrl())
                .endpoint(StreamableHttpMcpServer.ENDPOINT)
                .addHttpRequestCustomizer((request, method, uri, body, context) ->
                        request.header("Authorization", "Bearer odk-not-the-operator-token"))
                .build();
        try (McpSyncClient client = client(transport)) {
            assertThatThrownBy(client::initialize).isInstanceOf(RuntimeException.class);
        }
        try (HttpClient raw = HttpClient.newHttpClient()) {
            HttpResponse<String> response = raw.send(HttpRequest.newBuilder(URI.create(http.url()))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
        }
        assertThat(http.refused()).isGreaterThanOrEqualTo(refused + 2);
    }

    @Test
    @Timeout(90)
    void theStdioFixtureServesTheSameToolsAsAProcess() {
        List<String> command = StdioMcpServer.command();
        assertThat(command).hasSize(4);
        ServerParameters parameters = ServerParameters.builder(command.getFirst())
                .args(command.subList(1, command.size()))
                .build();
        StdioClientTransport transport = new StdioClientTransport(parameters, McpJsonDefaults.getMapper());
        try (McpSyncClient client = client(transport)) {
            exercise(client);
        }
    }
}
