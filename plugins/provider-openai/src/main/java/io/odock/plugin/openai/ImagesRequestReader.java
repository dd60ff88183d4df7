package io.odock.plugin.openai;

import io.odock.spi.dialect.JsonFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.dialect.InboundCall;
import io.odock.spi.model.ChatMessage;
import io.odock.spi.model.FilePart;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.Operation;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.odock.spi.dialect.JsonFields.invalid;

/**
 * Reads OpenAI's image requests: generations (JSON) and edits and variations ({@code multipart/form-data}, whose text
 * fields arrive as the body and whose files arrive beside it). The prompt becomes the user message, so SafetySec sees
 * and can redact it like any other; everything else is forwarded as the client sent it.
 */
final class ImagesRequestReader {
    private static final Set<String> FORMATS = Set.of("url", "b64_json");

    private ImagesRequestReader() {
    }

    static GatewayRequest read(InboundCall call) {
        ObjectNode body = call.body();
        String model = text(body, "model").filter(m -> !m.isBlank())
                .orElseThrow(() -> invalid("model", "You must provide a model parameter."));
        Optional<String> prompt = text(body, "prompt");
        if (call.operation() != Operation.IMAGE_VARIATION && prompt.filter(p -> !p.isBlank()).isEmpty()) {
            throw invalid("prompt", "Missing required parameter: 'prompt'.");
        }
        number(body, "n").filter(n -> n < 1 || n > 10).ifPresent(n -> {
            throw invalid("n", "Invalid value for 'n': must be between 1 and 10.");
        });
        text(body, "response_format").filter(f -> !FORMATS.contains(f)).ifPresent(f -> {
            throw invalid("response_format", "Invalid value for 'response_format': use 'url' or 'b64_json'.");
        });
        List<FilePart> files = call.files();
        if (call.operation() != Operation.IMAGE_GENERATION
                && files.stream().noneMatch(f -> f.field().equals("image") || f.field().equals("image[]"))) {
            throw invalid("image", "Missing required parameter: 'image' (upload it as a file).");
        }
        return GatewayRequest.builder()
                .operation(call.operation())
                .dialect(OpenAiDialectTranslatorFactory.DIALECT)
                .provider(text(body, "provider"))
                .model(model)
                .messages(prompt.map(p -> List.of(ChatMessage.of("user", p))).orElse(List.of()))
                .stream(flag(body, "stream"))
                .includeUsage(true)
                .rawPayload(body)
                .files(files)
                .build();
    }

    /** A text value, from JSON or from a form field (where everything is text). */
    private static Optional<String> text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw JsonFields.wrongType(field, "a string");
        }
        return Optional.of(value.asText());
    }

    private static Optional<Long> number(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isIntegralNumber()) {
            return Optional.of(value.asLong());
        }
        try {
            return Optional.of(Long.parseLong(value.asText().trim()));
        } catch (NumberFormatException e) {
            throw JsonFields.wrongType(field, "an integer");
        }
    }

    private static boolean flag(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual() && (value.asText().equals("true") || value.asText().equals("false"))) {
            return Boolean.parseBoolean(value.asText());
        }
        throw JsonFields.wrongType(field, "a boolean");
    }
}
