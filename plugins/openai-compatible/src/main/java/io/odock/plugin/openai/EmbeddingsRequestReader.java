package io.odock.plugin.openai;

import io.odock.spi.dialect.JsonFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.Operation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.odock.spi.dialect.JsonFields.integer;
import static io.odock.spi.dialect.JsonFields.invalid;
import static io.odock.spi.dialect.JsonFields.string;

/**
 * Reads an OpenAI Embeddings request: {@code input} as a string, an array of strings, or token arrays;
 * {@code encoding_format} {@code float} or {@code base64}; {@code dimensions}. Token-array inputs are kept in the raw
 * payload only (providers other than OpenAI cannot take them).
 */
final class EmbeddingsRequestReader {
    private static final Set<String> FORMATS = Set.of("float", "base64");

    private EmbeddingsRequestReader() {
    }

    static GatewayRequest read(ObjectNode body, String dialect) {
        String model = string(body, "model").filter(m -> !m.isBlank())
                .orElseThrow(() -> invalid("model", "You must provide a model parameter."));
        JsonNode input = body.get("input");
        if (input == null || input.isNull()) {
            throw invalid("input", "Missing required parameter: 'input'.");
        }
        List<String> texts = new ArrayList<>();
        if (input.isTextual()) {
            texts.add(input.asText());
        } else if (input.isArray() && !input.isEmpty()) {
            boolean strings = input.get(0).isTextual();
            for (JsonNode item : input) {
                boolean valid = strings ? item.isTextual() : item.isIntegralNumber() || isTokenArray(item);
                if (!valid) {
                    throw invalid("input", "'input' must be a string, an array of strings, or token arrays.");
                }
                if (strings) {
                    texts.add(item.asText());
                }
            }
        } else {
            throw invalid("input", "'input' must be a non-empty string or array.");
        }
        string(body, "encoding_format").filter(format -> !FORMATS.contains(format)).ifPresent(format -> {
            throw invalid("encoding_format", "Invalid value for 'encoding_format': use 'float' or 'base64'.");
        });
        integer(body, "dimensions").filter(d -> d < 1).ifPresent(d -> {
            throw invalid("dimensions", "Invalid value for 'dimensions': must be at least 1.");
        });
        return GatewayRequest.builder()
                .operation(Operation.EMBEDDINGS)
                .dialect(dialect)
                .provider(string(body, "provider"))
                .model(model)
                .inputs(texts)
                .dimensions(integer(body, "dimensions").map(Long::intValue))
                .rawPayload(body)
                .build();
    }

    private static boolean isTokenArray(JsonNode item) {
        if (!item.isArray() || item.isEmpty()) {
            return false;
        }
        for (JsonNode token : item) {
            if (!token.isIntegralNumber()) {
                return false;
            }
        }
        return true;
    }
}
