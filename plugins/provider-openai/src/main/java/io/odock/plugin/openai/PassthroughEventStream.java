package io.odock.plugin.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.stream.EventStream;
import io.odock.spi.stream.SseEvent;
import io.odock.spi.stream.SseReader;
import io.odock.spi.stream.StreamEvent;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Relays an OpenAI event stream that has no normalized meaning (image generation's partial images) as raw events,
 * reading usage from the event that carries it and failing on an {@code error} event.
 */
final class PassthroughEventStream implements EventStream {
    private final SseReader reader;
    private final ObjectMapper json;
    private final String providerId;
    private final Optional<String> requestId;

    PassthroughEventStream(InputStream body, ObjectMapper json, String providerId, Optional<String> requestId) {
        this.reader = new SseReader(body);
        this.json = json;
        this.providerId = providerId;
        this.requestId = requestId;
    }

    @Override
    public Optional<StreamEvent> next() throws IOException {
        Optional<SseEvent> event = reader.next();
        if (event.isEmpty() || event.get().data().equals("[DONE]")) {
            return Optional.empty();
        }
        SseEvent raw = event.get();
        if (raw.event().filter("error"::equals).isPresent() || raw.data().startsWith("{\"error\"")) {
            throw new GatewayException(502, ErrorCodes.UPSTREAM_ERROR, "upstream provider '" + providerId
                    + "' failed mid-stream: " + parse(raw.data()).path("error").path("message").asText("error"));
        }
        if (raw.data().contains("\"usage\":{") || raw.data().contains("\"usage\": {")) {
            return Optional.of(new StreamEvent.Raw(raw, Optional.of(
                    OpenAiUsage.readInputOutput(parse(raw.data()).path("usage"))), false));
        }
        return Optional.of(StreamEvent.Raw.of(raw));
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
