package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.MultiPartRequestContent;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The errors every model route owes its clients, route by route: unknown model 400, disallowed model 403, upstream
 * failure 502, malformed input 400, oversize 413, each in the route's error shape with a request id.
 */
class EveryRouteIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeOpenAiUpstream upstream;
    private static GatewayHarness gateway;
    private static HttpClient http;
    private static String key;
    private static String demoOnlyKey;

    @BeforeAll
    static void start() throws Exception {
        upstream = new FakeOpenAiUpstream();
        gateway = GatewayHarness.start("""
                server: { maxBodyBytes: 65536 }
                providers:
                  - { id: openai, type: openai, baseUrl: "%s", apiKey: "sk-every-route" }
                  - { id: local, type: echo, baseUrl: "http://localhost/echo" }
                models:
                  - { name: good, deployments: [ { provider: openai, model: gpt-4o-mini } ] }
                  - { name: flaky, deployments: [ { provider: openai, model: fail-500 } ] }
                  - { name: demo, deployments: [ { provider: local, model: echo-1 } ] }
                """.formatted(upstream.baseUrl()), Map.of());
        key = gateway.createKey("every-route", List.of());
        demoOnlyKey = gateway.createKey("every-route-demo-only", List.of("demo"));
        http = gateway.http;
    }

    @AfterAll
    static void stop() throws Exception {
        GatewayHarness.closeAll(gateway, upstream);
    }

    /** A call of the route for a model, with the given key. */
    private static Request call(String route, String model, String apiKey) {
        Function<String, String> json = switch (route) {
            case "/v1/chat/completions", "/v1/llm/chat" ->
                    m -> "{\"model\":\"" + m + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
            case "/v1/responses", "/v1/embeddings" -> m -> "{\"model\":\"" + m + "\",\"input\":\"x\"}";
            case "/v1/images/generations" -> m -> "{\"model\":\"" + m + "\",\"prompt\":\"x\"}";
            default -> null;
        };
        Request request = http.POST(gateway.baseUrl() + route)
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + apiKey))
                .timeout(30, TimeUnit.SECONDS);
        if (json != null) {
            return request.body(new StringRequestContent("application/json", json.apply(model)));
        }
        MultiPartRequestContent form = new MultiPartRequestContent();
        form.addPart(new MultiPart.ContentSourcePart("model", null, HttpFields.EMPTY, new StringRequestContent(model)));
        form.addPart(new MultiPart.ContentSourcePart("prompt", null, HttpFields.EMPTY, new StringRequestContent("x")));
        form.addPart(new MultiPart.ContentSourcePart("image", "i.png",
                HttpFields.build().put(HttpHeader.CONTENT_TYPE, "image/png"), new BytesRequestContent(new byte[64])));
        form.close();
        return request.body(form);
    }

    private static JsonNode assertError(Request request, int status, String code) throws Exception {
        ContentResponse response = request.send();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
        JsonNode error = JSON.readTree(response.getContentAsString()).path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(response.getHeaders().get("x-request-id")).isNotBlank();
        return error;
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/chat/completions", "/v1/responses", "/v1/embeddings", "/v1/images/generations",
            "/v1/images/edits", "/v1/llm/chat"})
    void everyRouteAnswersItsErrorsInItsOwnShape(String route) throws Exception {
        JsonNode unknown = assertError(call(route, "no-such-model", key), 400, "model_not_found");
        if (route.equals("/v1/llm/chat")) {
            assertThat(unknown.path("request_id").asText()).isNotBlank();
        } else {
            assertThat(unknown.path("type").asText()).isEqualTo("invalid_request_error");
        }
        assertError(call(route, "good", demoOnlyKey), 403, "model_not_allowed");
        assertError(call(route, "flaky", key), 502, "upstream_error");

        ContentResponse ok = call(route, "good", key).send();
        assertThat(ok.getStatus()).as(ok.getContentAsString()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/chat/completions", "/v1/responses", "/v1/embeddings", "/v1/images/generations",
            "/v1/llm/chat"})
    void malformedAndOversizedBodiesAreRefused(String route) throws Exception {
        assertError(http.POST(gateway.baseUrl() + route)
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key))
                .body(new StringRequestContent("application/json", "{\"model\": ")), 400, "invalid_json");
        assertError(http.POST(gateway.baseUrl() + route)
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key))
                .body(new StringRequestContent("application/json", "{\"model\":\"good\",\"pad\":\""
                        + "x".repeat(70_000) + "\"}")), 413, "request_too_large");
    }
}
