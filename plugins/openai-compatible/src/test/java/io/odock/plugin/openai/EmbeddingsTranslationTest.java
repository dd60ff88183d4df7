package io.odock.plugin.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.GatewayException;
import io.odock.spi.dialect.InboundCall;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.Operation;
import io.odock.spi.model.Usage;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddingsTranslationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final OpenAiDialectTranslator translator = new OpenAiDialectTranslator("openai", "openai", JSON);

    private GatewayRequest decode(String body) throws Exception {
        return translator.decode(new InboundCall(Operation.EMBEDDINGS, (ObjectNode) JSON.readTree(body), Map.of()));
    }

    @Test
    void readsStringArrayAndTokenInputs() throws Exception {
        assertThat(decode("{\"model\":\"e\",\"input\":\"hi\"}").inputs()).containsExactly("hi");
        GatewayRequest many = decode("{\"model\":\"e\",\"input\":[\"a\",\"b\"],\"dimensions\":64}");
        assertThat(many.operation()).isEqualTo(Operation.EMBEDDINGS);
        assertThat(many.inputs()).containsExactly("a", "b");
        assertThat(many.dimensions()).contains(64);
        GatewayRequest tokens = decode("{\"model\":\"e\",\"input\":[[1,2],[3]]}");
        assertThat(tokens.inputs()).isEmpty();
        assertThat(tokens.rawPayload().path("input").size()).isEqualTo(2);
    }

    @Test
    void refusesBadInputs() {
        for (String body : List.of("{\"model\":\"e\"}", "{\"model\":\"e\",\"input\":[]}", "{\"model\":\"e\",\"input\":[\"a\",1]}",
                "{\"model\":\"e\",\"input\":5}", "{\"model\":\"e\",\"input\":\"a\",\"encoding_format\":\"hex\"}",
                "{\"model\":\"e\",\"input\":\"a\",\"dimensions\":\"many\"}")) {
            assertThatThrownBy(() -> decode(body)).isInstanceOfSatisfying(GatewayException.class,
                    e -> assertThat(e.status()).isEqualTo(400));
        }
    }

    @Test
    void writesNormalizedVectorsAsFloatsOrBase64() throws Exception {
        GatewayResponse response = GatewayResponse.builder().provider("echo").model("echo-1")
                .embeddings(List.of(List.of(0.5, -1.0))).usage(Usage.of(3, 0)).build();

        JsonNode floats = translator.encode(decode("{\"model\":\"alias\",\"input\":\"x\"}"), response);
        assertThat(floats.path("object").asText()).isEqualTo("list");
        assertThat(floats.path("model").asText()).isEqualTo("alias");
        assertThat(floats.path("data").path(0).path("embedding").path(1).asDouble()).isEqualTo(-1.0);
        assertThat(floats.path("usage").path("prompt_tokens").asInt()).isEqualTo(3);

        JsonNode base64 = translator.encode(decode("{\"model\":\"alias\",\"input\":\"x\",\"encoding_format\":\"base64\"}"),
                response);
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64.path("data").path(0).path("embedding").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.getFloat()).isEqualTo(0.5f);
        assertThat(bytes.getFloat()).isEqualTo(-1.0f);
    }
}
