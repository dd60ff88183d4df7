package io.odock.plugin.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.model.Usage;
import io.odock.spi.stream.EventStream;
import io.odock.spi.stream.SseEvent;
import io.odock.spi.stream.SseReader;
import io.odock.spi.stream.StreamEvent;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Reads OpenAI's Responses API stream (named events). In passthrough each event is handed on raw and only
 * {@code response.completed} (which carries the usage) is parsed; otherwise text deltas, the finish and the usage are
 * reported as normalized events. {@code error} and {@code response.failed} end the stream with an upstream error.
 */
final class ResponsesEventStream implements EventStream {
    private final SseReader reader;
    private final ObjectMapper json;
    private final String providerId;
    private final boolean passthrough;
    private final Optional<String> requestId;
    private final ArrayDeque<StreamEvent> pending = new ArrayDeque<>();
    private boolean done;

    ResponsesEventStream(InputStream body, ObjectMapper json, String providerId, boolean passthrough,
                         Optional<String> requestId) {
        this.reader = new SseReader(body);
        this.json = json;
        this.providerId = providerId;
        this.passthrough = passthrough;
        this.requestId = requestId;
    }

    @Override
    public Optional<StreamEvent> next() throws IOException {
        while (pending.isEmpty()) {
            if (done) {
                return Optional.empty();
            }
            Optional<SseEvent> event = reader.next();
            if (event.isEmpty()) {
                done = true;
                return Optional.empty();
            }
            handle(event.get());
        }
        return Optional.of(pending.pollFirst());
    }

    private void handle(SseEvent event) {
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
                JsonNode response = parse(event.data()).path("response");
                Usage usage = OpenAiUsage.readInputOutput(response.path("usage"));
                done = true;
                if (passthrough) {
                    pending.add(new StreamEvent.Raw(event, Optional.of(usage), false));
                } else {
                    pending.add(new StreamEvent.Finished(0, type.equals("response.completed") ? "stop" : "length"));
                    pending.add(new StreamEvent.UsageReported(usage));
                }
            }
            default -> {
                if (passthrough) {
                    pending.add(StreamEvent.Raw.of(event));
                } else if (type.equals("response.output_text.delta")) {
                    pending.add(new StreamEvent.TextDelta(0, parse(event.data()).path("delta").asText("")));
                }
            }
        }
    }

    private JsonNode parse(String data) {
        try {
            return json.readTree(data);
        } catch (JsonProcessingException e) {
            throw GatewayException.upstreamError("upstream provider '" + providerId + "' sent a stream event that is "
                    + "not JSON").withCause(e);
        }
    }

    @Override
    public Optional<String> providerRequestId() {
        return requestId;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            // The connection is being released either way.
        }
    }
}
