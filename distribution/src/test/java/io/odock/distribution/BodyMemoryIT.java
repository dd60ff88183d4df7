package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Large request bodies are held under {@code server.bodyMemoryBytes}: while a stream with a large body is in flight,
 * another large body is refused with 503 {@code gateway_overloaded} in the route's dialect, small calls go on, and
 * once the stream is over the large body is served.
 */
class BodyMemoryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LARGE_TEXT = "lorem ipsum ".repeat(60_000);
    private static FakeOpenAiUpstream upstream;
    private static GatewayHarness gateway;
    private static String key;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        upstream = new FakeOpenAiUpstream();
        gateway = GatewayHarness.start("""
                server: { maxBodyBytes: 4194304, bodyMemoryBytes: 1048576 }
                admin: { token: "%s" }
                providers:
                  - { id: openai, type: openai, baseUrl: "%s", apiKey: "sk-memory" }
                models:
                  - { name: gated, deployments: [ { provider: openai, model: gated-stream } ] }
                  - { name: quick, deployments: [ { provider: openai, model: gpt-4o-mini } ] }
                mcp:
                  servers:
                    - { id: tools, url: "http://127.0.0.1:9/mcp" }
                """.formatted(GovernanceIT.ADMIN_TOKEN, upstream.baseUrl()), Map.of());
        key = GovernanceIT.createKey(gateway, "\"mcp_servers\":[\"tools\"]").path("key").asText();
        base = gateway.baseUrl().replaceAll("/$", "");
    }

    @AfterAll
    static void stop() throws Exception {
        GatewayHarness.closeAll(gateway, upstream);
    }

    private static HttpRequest chat(String model, boolean stream, String content) {
        return HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"stream\":" + stream
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}"))
                .build();
    }

    private static double heldBytes(HttpClient client) throws Exception {
        String scrape = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return scrape.lines().filter(line -> line.startsWith("odock_body_memory_held_bytes ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).orElseThrow();
    }

    @Test
    @Timeout(60)
    void aSecondLargeBodyWaitsForTheFirstWhileSmallCallsGoOn() throws Exception {
        HttpClient streaming = HttpClient.newHttpClient();
        HttpClient other = HttpClient.newHttpClient();
        try {
            // A stream whose 720 KB body stays held until its answer is over; the upstream holds it after one word.
            HttpResponse<Stream<String>> stream = streaming.send(chat("gated", true, LARGE_TEXT),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(stream.statusCode()).isEqualTo(200);
            Iterator<String> lines = stream.body().iterator();
            String line = lines.next();
            while (!line.contains("Hello")) {
                line = lines.next();
            }
            assertThat(heldBytes(other)).isGreaterThan(700_000);

            // Another large body does not fit beside it: refused before it is read, in OpenAI's error shape.
            HttpResponse<String> refused = other.send(chat("quick", false, LARGE_TEXT),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("retry-after")).contains("1");
            JsonNode error = JSON.readTree(refused.body()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("gateway_overloaded");
            assertThat(error.path("message").asText()).contains("large request bodies");
            assertThat(refused.body()).doesNotContain("lorem");

            // A large MCP message is held under the same budget.
            HttpResponse<String> mcp = other.send(HttpRequest.newBuilder(URI.create(base + "/v1/mcp/tools"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":"
                            + "\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\""
                            + LARGE_TEXT + "\"}}}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(mcp.statusCode()).isEqualTo(503);
            assertThat(mcp.body()).contains("gateway_overloaded").doesNotContain("lorem");

            // Small calls are never refused for memory, here through OpenAI's own SDK.
            OpenAIClient sdk = OpenAIOkHttpClient.builder().baseUrl(base + "/v1").apiKey(key).maxRetries(0).build();
            String answer = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model(ChatModel.of("quick")).addUserMessage("small and welcome").build())
                    .choices().get(0).message().content().orElseThrow();
            assertThat(answer).contains("small and welcome");

            // The stream finishes; its share is returned and the large body is served.
            upstream.gate.countDown();
            while (lines.hasNext()) {
                lines.next();
            }
            assertThat(heldBytes(other)).isZero();
            HttpResponse<String> served = other.send(chat("quick", false, LARGE_TEXT),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(heldBytes(other)).isZero();

            // A large body that fails (not JSON, chunked, no Content-Length) returns its share too.
            HttpResponse<String> broken = other.send(HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                            ("{\"model\":\"quick\",\"messages\":" + LARGE_TEXT).getBytes()))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(broken.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(broken.body()).path("error").path("code").asText()).isEqualTo("invalid_json");
            assertThat(heldBytes(other)).isZero();
        } finally {
            upstream.gate.countDown();
            streaming.close();
            other.close();
        }
    }
}
