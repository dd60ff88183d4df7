package io.odock.plugin.openai;

import io.odock.spi.stream.SseEventStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.stream.SseEvent;
import io.odock.spi.stream.StreamEvent;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Relays an OpenAI event stream that has no normalized meaning (image generation's partial images) as raw events,
 * reading usage from the event that carries it and failing on an {@code error} event.
 */
final class PassthroughEventStream extends SseEventStream {

    PassthroughEventStream(InputStream body, ObjectMapper json, String providerId, Optional<String> requestId) {
        super(body, json, providerId, requestId);
    }

    @Override
    protected void handle(SseEvent event, ArrayDeque<StreamEvent> out) {
        if (event.event().filter("error"::equals).isPresent() || event.data().startsWith("{\"error\"")) {
            throw new GatewayException(502, ErrorCodes.UPSTREAM_ERROR, "upstream provider '" + providerId
                    + "' failed mid-stream: " + parse(event.data()).path("error").path("message").asText("error"));
        }
        if (event.data().contains("\"usage\":{") || event.data().contains("\"usage\": {")) {
            out.add(new StreamEvent.Raw(event, Optional.of(
                    OpenAiUsage.readInputOutput(parse(event.data()).path("usage"))), false));
        } else {
            out.add(StreamEvent.Raw.of(event));
        }
    }
}
