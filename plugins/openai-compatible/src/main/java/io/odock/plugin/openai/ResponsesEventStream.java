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
 * Reads OpenAI's Responses API stream (named events). In passthrough each event is handed on raw and only
 * {@code response.completed} (which carries the usage) is parsed; otherwise text deltas, the finish and the usage are
 * reported as normalized events. {@code error} and {@code response.failed} end the stream with an upstream error.
 */
final class ResponsesEventStream extends SseEventStream {
    private final boolean passthrough;

    ResponsesEventStream(InputStream body, ObjectMapper json, String providerId, boolean passthrough,
                         Optional<String> requestId) {
        super(body, json, providerId, requestId);
        this.passthrough = passthrough;
    }

    @Override
    protected void handle(SseEvent event, ArrayDeque<StreamEvent> out) {
        String type = event.event().orElseGet(() -> parse(event.data()).path("type").asText());
        switch (type) {
            case "error", "response.failed" -> {
                JsonNode data = parse(event.data());
                String message = data.path("message").asText(
                        data.path("response").path("error").path("message").asText("the upstream reported an error"));
                throw new GatewayException(502, ErrorCodes.UPSTREAM_ERROR, "upstream provider '" + providerId
                        + "' failed mid-stream: " + message);
            }
            case "response.completed", "response.incomplete" -> {
                Usage usage = OpenAiUsage.readInputOutput(parse(event.data()).path("response").path("usage"));
                end();
                if (passthrough) {
                    out.add(new StreamEvent.Raw(event, Optional.of(usage), false));
                } else {
                    out.add(new StreamEvent.Finished(0, type.equals("response.completed") ? "stop" : "length"));
                    out.add(new StreamEvent.UsageReported(usage));
                }
            }
            default -> {
                if (passthrough) {
                    out.add(StreamEvent.Raw.of(event));
                } else if (type.equals("response.output_text.delta")) {
                    out.add(new StreamEvent.TextDelta(0, parse(event.data()).path("delta").asText("")));
                }
            }
        }
    }
}
