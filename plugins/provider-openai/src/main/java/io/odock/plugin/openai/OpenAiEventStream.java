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
 * Reads OpenAI's chat-completion SSE stream. In passthrough each event is handed on raw and only the chunk that
 * carries usage is parsed; otherwise each chunk is parsed into normalized events.
 */
final class OpenAiEventStream implements EventStream {
    private final SseReader reader;
    private final ObjectMapper json;
    private final String providerId;
    private final boolean passthrough;
    private final Optional<String> requestId;
    private final ArrayDeque<StreamEvent> pending = new ArrayDeque<>();
    private boolean done;

    OpenAiEventStream(InputStream body, ObjectMapper json, String providerId, boolean passthrough,
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
            if (event.isEmpty() || event.get().data().equals("[DONE]")) {
                done = true;
                return Optional.empty();
            }
            handle(event.get());
        }
        return Optional.of(pending.pollFirst());
    }

    private void handle(SseEvent event) {
        String data = event.data();
        if (data.startsWith("{\"error\"") || (data.contains("\"error\"") && !data.contains("\"choices\""))) {
            throw upstreamFailure(parse(data));
        }
        if (passthrough) {
            if (data.contains("\"usage\":{") || data.contains("\"usage\": {")) {
                JsonNode chunk = parse(data);
                Usage usage = OpenAiUsage.read(chunk.get("usage"));
                boolean usageOnly = chunk.path("choices").isArray() && chunk.path("choices").isEmpty();
                pending.add(new StreamEvent.Raw(event, Optional.of(usage), usageOnly));
            } else {
                pending.add(StreamEvent.Raw.of(event));
            }
            return;
        }
        JsonNode chunk = parse(data);
        for (JsonNode choice : chunk.path("choices")) {
            int index = choice.path("index").asInt(0);
            JsonNode delta = choice.path("delta");
            if (delta.path("content").isTextual() && !delta.get("content").asText().isEmpty()) {
                pending.add(new StreamEvent.TextDelta(index, delta.get("content").asText()));
            }
            for (JsonNode call : delta.path("tool_calls")) {
                JsonNode function = call.path("function");
                pending.add(new StreamEvent.ToolCallDelta(index, call.path("index").asInt(0),
                        Optional.ofNullable(call.path("id").textValue()),
                        Optional.ofNullable(function.path("name").textValue()),
                        function.path("arguments").asText("")));
            }
            if (choice.path("finish_reason").isTextual()) {
                pending.add(new StreamEvent.Finished(index, choice.get("finish_reason").asText()));
            }
        }
        if (chunk.path("usage").isObject()) {
            pending.add(new StreamEvent.UsageReported(OpenAiUsage.read(chunk.get("usage"))));
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

    private GatewayException upstreamFailure(JsonNode event) {
        String message = event.path("error").path("message").asText("the upstream reported an error");
        return new GatewayException(502, ErrorCodes.UPSTREAM_ERROR, "upstream provider '" + providerId
                + "' failed mid-stream: " + message);
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
