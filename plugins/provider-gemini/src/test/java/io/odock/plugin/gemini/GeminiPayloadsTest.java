package io.odock.plugin.gemini;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.GatewayException;
import io.odock.spi.Secret;
import io.odock.spi.dialect.InboundCall;
import io.odock.spi.model.ChatMessage;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.Operation;
import io.odock.spi.model.UpstreamTarget;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What Gemini receives when the answer is not passed through, and what it refuses. */
class GeminiPayloadsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UpstreamTarget TARGET = UpstreamTarget.of("gemini", "http://127.0.0.1/v1beta",
            Secret.of("k"), Duration.ofSeconds(5), "gemini-2.0-flash");
    private final GeminiPayloads payloads = new GeminiPayloads(JSON);

    @Test
    void aGeminiClientsOwnJsonIsSentEvenWhenItsAnswerIsNotPassedThrough() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree("""
                {"contents":[{"role":"user","parts":[{"text":"hi"}]}],
                 "safetySettings":[{"category":"HARM_CATEGORY_HATE_SPEECH","threshold":"BLOCK_ONLY_HIGH"}],
                 "cachedContent":"cachedContents/abc"}
                """);
        GatewayRequest request = new GeminiDialectTranslator(JSON).decode(new InboundCall(Operation.CHAT, body,
                        Map.of(), List.of(), Map.of("model", "gem", "action", "generateContent"), Map.of()))
                .toBuilder().upstream(TARGET).passthrough(false).build();

        ObjectNode sent = payloads.build(request);

        assertThat(sent.path("safetySettings").get(0).path("threshold").asText()).isEqualTo("BLOCK_ONLY_HIGH");
        assertThat(sent.path("cachedContent").asText()).isEqualTo("cachedContents/abc");
        assertThat(payloads.warnings(request)).isEmpty();
    }

    @Test
    void refusesSeveralAnswersFromAnotherDialect() {
        GatewayRequest request = GatewayRequest.builder().dialect("odock").model("m")
                .messages(List.of(ChatMessage.of("user", "x"))).choices(3).upstream(TARGET).build();

        assertThatThrownBy(() -> payloads.build(request)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.details()).containsEntry("param", "n");
        });
    }
}
