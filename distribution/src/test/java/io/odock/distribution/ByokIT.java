package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bring your own upstream: callers of a key that allows it send their own upstream key or base URL; everyone else is
 * refused, and a base URL must be allowed and, by default, public.
 */
class ByokIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT_KEY = "sk-client-own-secret-789";
    private static FakeOpenAiUpstream operatorUpstream;
    private static FakeOpenAiUpstream clientUpstream;
    private static GatewayHarness strict;
    private static GatewayHarness lenient;

    @BeforeAll
    static void start() throws Exception {
        operatorUpstream = new FakeOpenAiUpstream();
        clientUpstream = new FakeOpenAiUpstream();
        String models = """
                providers: [ { id: openai, type: openai, baseUrl: "%s", apiKey: "sk-operator" } ]
                models: [ { name: chat, deployments: [ { provider: openai, model: gpt-4o-mini } ] } ]
                """.formatted(operatorUpstream.baseUrl());
        strict = GatewayHarness.start(models + "upstream: { allowedBaseUrls: [ \"" + clientUpstream.baseUrl()
                + "\" ] }\n", Map.of());
        lenient = GatewayHarness.start(models + "upstream: { allowedBaseUrls: [ \"" + clientUpstream.baseUrl()
                + "\" ], allowPrivateAddresses: true }\n", Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[]{strict, lenient, operatorUpstream, clientUpstream}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    private static ContentResponse chat(GatewayHarness gateway, String odockKey, Map<String, String> headers)
            throws Exception {
        return gateway.http.POST(gateway.baseUrl() + "/v1/chat/completions")
                .headers(h -> {
                    h.put(HttpHeader.AUTHORIZATION, "Bearer " + odockKey);
                    headers.forEach(h::put);
                })
                .body(new StringRequestContent("application/json",
                        "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"byok\"}]}"))
                .timeout(30, TimeUnit.SECONDS).send();
    }

    private static String code(ContentResponse response) throws Exception {
        return JSON.readTree(response.getContentAsString()).path("error").path("code").asText();
    }

    @Test
    void aKeyThatDoesNotAllowItIsRefused() throws Exception {
        String plain = strict.createKey("plain", List.of());
        ContentResponse response = chat(strict, plain, Map.of("x-odock-upstream-key", CLIENT_KEY));

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(code(response)).isEqualTo("byok_not_allowed");
    }

    @Test
    void aBroughtKeyIsSentUpstreamAndNeverLogged() throws Exception {
        String byok = strict.server.keys().create("byok", List.of(), true).secret();
        operatorUpstream.clear();

        ContentResponse response = chat(strict, byok, Map.of("x-odock-upstream-key", CLIENT_KEY));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(operatorUpstream.last().header("Authorization")).isEqualTo("Bearer " + CLIENT_KEY);
        assertThat(strict.allLogs()).doesNotContain(CLIENT_KEY);
    }

    @Test
    void aBroughtBaseUrlIntoAPrivateNetworkIsRefusedUnlessTheOperatorAllowsIt() throws Exception {
        String byok = strict.server.keys().create("byok-url", List.of(), true).secret();
        ContentResponse loopback = chat(strict, byok, Map.of("x-odock-upstream-base-url", clientUpstream.baseUrl()));
        assertThat(loopback.getStatus()).isEqualTo(400);
        assertThat(code(loopback)).isEqualTo("base_url_not_allowed");

        ContentResponse unlisted = chat(strict, byok, Map.of("x-odock-upstream-base-url", "https://example.com/v1"));
        assertThat(unlisted.getStatus()).isEqualTo(400);

        String lenientKey = lenient.server.keys().create("byok-url", List.of(), true).secret();
        clientUpstream.clear();
        ContentResponse routed = chat(lenient, lenientKey, Map.of("x-odock-upstream-base-url", clientUpstream.baseUrl(),
                "x-odock-upstream-key", CLIENT_KEY));
        assertThat(routed.getStatus()).isEqualTo(200);
        assertThat(clientUpstream.received()).singleElement().satisfies(received ->
                assertThat(received.header("Authorization")).isEqualTo("Bearer " + CLIENT_KEY));
        JsonNode answer = JSON.readTree(routed.getContentAsString());
        assertThat(answer.path("model").asText()).isEqualTo("chat");
    }
}
