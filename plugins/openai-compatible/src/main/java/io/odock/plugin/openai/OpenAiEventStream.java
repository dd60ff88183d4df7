package io.odock.plugin.openai;

import io.odock.spi.stream.SseEventStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.model.Usage;
import io.odock.spi.stream.SseEvent;
import io.odock.spi.stream.StreamEvent;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Reads OpenAI's chat-completion SSE stream. In passthrough each event is handed on raw and only the chunk that
 * carries usage is parsed; otherwise each chunk is parsed into normalized events.
 */
final class OpenAiEventStream extends SseEventStream {
    private final boolean passthrough;

    OpenAiEventStream(InputStream body, ObjectMapper json, String providerId, boolean passthrough,
                      Optional<String> requestId) {
        super(body, json, providerId, requestId);
        this.passthrough = passthrough;
    }

    @Override
    protected void handle(SseEvent event, ArrayDeque<StreamEvent> out) {
        String data = event.data();
        if (data.startsWith("{\"error\"") || (data.contains("\"error\"") && !data.contains("\"choices\""))) {
            String message = parse(data).path("error").path("message").asText("the upstream reported an error");
            throw new GatewayException(502, ErrorCodes.UPSTREAM_ERROR, "upstream provider '" + providerId
                    + "' failed mid-stream: " + message);
        }
        if (passthrough) {
            if (data.contains("\"usage\":{") || data.contains("\"usage\": {")) {
                JsonNode chunk = parse(data);
                Usage usage = OpenAiUsage.read(chunk.get("usage"));
                boolean usageOnly = chunk.path("choices").isArray() && chunk.path("choices").isEmpty();
                out.add(new StreamEvent.Raw(event, Optional.of(usage), usageOnly));
            } else {
                out.add(StreamEvent.Raw.of(event));
            }
            return;
        }
        JsonNode chunk = parse(data);
        for (JsonNode choice : chunk.path("choices")) {
            int index = choice.path("index").asInt(0);
            JsonNode delta = choice.path("delta");
            if (delta.path("content").isTextual() && !delta.get("content").asText().isEmpty()) {
                out.add(new StreamEvent.TextDelta(index, delta.get("content").asText()));
            }
            for (JsonNode call : delta.path("tool_calls")) {
                JsonNode function = call.path("function");
                out.add(new StreamEvent.ToolCallDelta(index, call.path("index").asInt(0),
                        Optional.ofNullable(call.path("id").textValue()),
                        Optional.ofNullable(function.path("name").textValue()),
                        function.path("arguments").asText("")));
            }
            if (choice.path("finish_reason").isTextual()) {
                out.add(new StreamEvent.Finished(index, choice.get("finish_reason").asText()));
            }
        }
        if (chunk.path("usage").isObject()) {
            out.add(new StreamEvent.UsageReported(OpenAiUsage.read(chunk.get("usage"))));
        }
    }
}
