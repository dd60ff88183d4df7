package io.odock.plugin.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.GatewayException;
import io.odock.spi.stream.EventStream;
import io.odock.spi.stream.SseEvent;
import io.odock.spi.stream.SseReader;
import io.odock.spi.stream.StreamEvent;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * What every OpenAI event stream shares: reading SSE events from the upstream body, turning each into zero or more
 * {@link StreamEvent}s through {@link #handle}, parsing JSON only when asked, and releasing the connection.
 */
abstract class SseEventStream implements EventStream {
    private final SseReader reader;
    private final ObjectMapper json;
    private final Optional<String> requestId;
    private final ArrayDeque<StreamEvent> pending = new ArrayDeque<>();
    private boolean done;
    /** The provider entry's id, for error messages. */
    protected final String providerId;

    SseEventStream(InputStream body, ObjectMapper json, String providerId, Optional<String> requestId) {
        this.reader = new SseReader(body);
        this.json = json;
        this.providerId = providerId;
        this.requestId = requestId;
    }

    /** Turns one upstream event into the events to hand on; {@link #end()} stops reading after it. */
    protected abstract void handle(SseEvent event, ArrayDeque<StreamEvent> out);

    @Override
    public final Optional<StreamEvent> next() throws IOException {
        while (pending.isEmpty()) {
            if (done) {
                return Optional.empty();
            }
            Optional<SseEvent> event = reader.next();
            if (event.isEmpty() || event.get().data().equals("[DONE]")) {
                done = true;
                return Optional.empty();
            }
            handle(event.get(), pending);
        }
        return Optional.of(pending.pollFirst());
    }

    /** The upstream said its last word; what {@link #handle} queued is still handed on. */
    protected final void end() {
        done = true;
    }

    /** The event's data as JSON; an upstream error when it is not. */
    protected final JsonNode parse(String data) {
        try {
            return json.readTree(data);
        } catch (JsonProcessingException e) {
            throw GatewayException.upstreamError("upstream provider '" + providerId + "' sent a stream event that is "
                    + "not JSON").withCause(e);
        }
    }

    @Override
    public final Optional<String> providerRequestId() {
        return requestId;
    }

    @Override
    public final void close() {
        try {
            reader.close();
        } catch (IOException e) {
            // The connection is being released either way.
        }
    }
}
