package io.odock.plugin.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;

/** Writes embeddings as OpenAI's list of {@code embedding} objects, as floats or base64 as the client asked. */
final class EmbeddingsResponseWriter {
    private final ObjectMapper json;

    EmbeddingsResponseWriter(ObjectMapper json) {
        this.json = json;
    }

    JsonNode write(GatewayRequest request, GatewayResponse response) {
        boolean base64 = request.rawPayload().path("encoding_format").asText("float").equals("base64");
        ObjectNode root = json.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (int i = 0; i < response.embeddings().size(); i++) {
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            List<Double> vector = response.embeddings().get(i);
            if (base64) {
                item.put("embedding", base64(vector));
            } else {
                ArrayNode values = item.putArray("embedding");
                vector.forEach(values::add);
            }
        }
        root.put("model", request.model());
        root.putObject("usage").put("prompt_tokens", response.usage().inputTokens())
                .put("total_tokens", response.usage().totalTokens());
        return root;
    }

    /** OpenAI's base64 form: the vector as little-endian float32 values. */
    static String base64(List<Double> vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.size() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        vector.forEach(value -> bytes.putFloat(value.floatValue()));
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
