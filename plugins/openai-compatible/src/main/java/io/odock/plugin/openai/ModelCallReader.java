package io.odock.plugin.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.dialect.InboundCall;
import io.odock.spi.model.ChatMessage;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.Operation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.odock.spi.dialect.JsonFields.invalid;

/**
 * Reads the calls that travel to their upstream as the client sent them, with only the model renamed: legacy text
 * completions, audio transcriptions and translations (multipart), and vLLM's pooling, classification, scoring,
 * reranking and tokenizing calls. The gateway needs the model (to route), whether to stream, and the texts the call
 * carries, so that blockers and SafetySec see them: a completion's prompt becomes the user message, other calls' texts
 * its inputs.
 */
final class ModelCallReader {
    /** Fields whose text (a string, an array of strings, or objects with {@code text}) a call sends to the model. */
    private static final List<String> TEXT_FIELDS = List.of("prompt", "input", "text", "text_1", "text_2", "query",
            "documents");

    private ModelCallReader() {
    }

    static GatewayRequest read(InboundCall call, String dialect) {
        ObjectNode body = call.body();
        String model = FormFields.text(body, "model").filter(m -> !m.isBlank())
                .orElseThrow(() -> invalid("model", "You must provide a model parameter."));
        boolean audio = call.operation() == Operation.AUDIO_TRANSCRIPTION
                || call.operation() == Operation.AUDIO_TRANSLATION;
        if (audio && call.files().stream().noneMatch(f -> f.field().equals("file"))) {
            throw invalid("file", "Missing required parameter: 'file' (upload the audio as a file).");
        }
        if (call.operation() == Operation.COMPLETIONS && !body.hasNonNull("prompt")) {
            throw invalid("prompt", "Missing required parameter: 'prompt'.");
        }
        boolean stream = FormFields.flag(body, "stream");
        List<String> texts = texts(body);
        GatewayRequest.Builder request = GatewayRequest.builder()
                .operation(call.operation())
                .dialect(dialect)
                .provider(FormFields.text(body, "provider"))
                .model(model)
                .stream(stream)
                .includeUsage(body.path("stream_options").path("include_usage").asBoolean(false)
                        || FormFields.flag(body, "stream_include_usage"))
                .rawPayload(body)
                .files(call.files());
        if (call.operation() == Operation.COMPLETIONS) {
            request.messages(texts.stream().map(text -> ChatMessage.of("user", text)).toList())
                    .maxTokens(FormFields.number(body, "max_tokens").map(Long::intValue));
        } else {
            request.inputs(texts);
        }
        return request.build();
    }

    private static List<String> texts(JsonNode body) {
        List<String> texts = new ArrayList<>();
        for (String field : TEXT_FIELDS) {
            collect(body.get(field), texts);
        }
        return texts;
    }

    private static void collect(JsonNode value, List<String> texts) {
        if (value == null) {
            return;
        }
        if (value.isTextual()) {
            texts.add(value.asText());
        } else if (value.isArray()) {
            value.forEach(item -> collect(item, texts));
        } else if (value.isObject()) {
            Optional.ofNullable(value.path("text").textValue()).ifPresent(texts::add);
        }
    }
}
