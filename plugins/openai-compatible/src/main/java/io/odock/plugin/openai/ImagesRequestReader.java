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

    static GatewayRequest read(InboundCall call, String dialect) {
        ObjectNode body = call.body();
        String model = FormFields.text(body, "model").filter(m -> !m.isBlank())
                .orElseThrow(() -> invalid("model", "You must provide a model parameter."));
        Optional<String> prompt = FormFields.text(body, "prompt");
        if (call.operation() != Operation.IMAGE_VARIATION && prompt.filter(p -> !p.isBlank()).isEmpty()) {
            throw invalid("prompt", "Missing required parameter: 'prompt'.");
        }
        FormFields.number(body, "n").filter(n -> n < 1 || n > 10).ifPresent(n -> {
            throw invalid("n", "Invalid value for 'n': must be between 1 and 10.");
        });
        FormFields.text(body, "response_format").filter(f -> !FORMATS.contains(f)).ifPresent(f -> {
            throw invalid("response_format", "Invalid value for 'response_format': use 'url' or 'b64_json'.");
        });
        List<FilePart> files = call.files();
        if (call.operation() != Operation.IMAGE_GENERATION
                && files.stream().noneMatch(f -> f.field().equals("image") || f.field().equals("image[]"))) {
            throw invalid("image", "Missing required parameter: 'image' (upload it as a file).");
        }
        return GatewayRequest.builder()
                .operation(call.operation())
                .dialect(dialect)
                .provider(FormFields.text(body, "provider"))
                .model(model)
                .messages(prompt.map(p -> List.of(ChatMessage.of("user", p))).orElse(List.of()))
                .stream(FormFields.flag(body, "stream"))
                .includeUsage(true)
                .rawPayload(body)
                .files(files)
                .build();
    }
}
