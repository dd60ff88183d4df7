package io.odock.spi.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.GatewayException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A base for adapters' event streams over an upstream's Server-Sent Events: reads one upstream event at a time, lets
 * the subclass turn it into zero or more {@link StreamEvent}s in {@link #handle}, parses JSON only when asked, and
 * releases the connection on close. An OpenAI-style {@code data: [DONE]} ends the stream.
 */
public abstract class SseEventStream implements EventStream {
    private final SseReader reader;
    private final ObjectMapper json;
    private final Optional<String> requestId;
    private final ArrayDeque<StreamEvent> pending = new ArrayDeque<>();
    private final List<String> warnings = new ArrayList<>();
    private boolean done;
    /** The provider entry's id, for error messages. */
    protected final String providerId;

    /**
     * @param body       the upstream's response body
     * @param json       the host's mapper
     * @param providerId the provider entry's id, named in errors
     * @param requestId  the upstream's request id from its headers
     */
    protected SseEventStream(InputStream body, ObjectMapper json, String providerId, Optional<String> requestId) {
        this.reader = new SseReader(body);
        this.json = json;
        this.providerId = providerId;
        this.requestId = requestId;
    }

    /** Turns one upstream event into the events to hand on (added to {@code out}); {@link #end()} stops reading. */
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
                upstreamEnded(pending);
                return Optional.ofNullable(pending.pollFirst());
            }
            handle(event.get(), pending);
        }
        return Optional.of(pending.pollFirst());
    }

    /**
     * The upstream's body ended (or sent {@code [DONE]}); events added here are handed on last. By default nothing:
     * a subclass uses it for what its provider reports only implicitly, such as usage never followed by a finish.
     */
    protected void upstreamEnded(ArrayDeque<StreamEvent> out) {
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

    /** Sets the warnings {@link #warnings()} reports (what the adapter left out of the request). */
    public final SseEventStream withWarnings(List<String> values) {
        warnings.addAll(values);
        return this;
    }

    @Override
    public final List<String> warnings() {
        return List.copyOf(warnings);
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
