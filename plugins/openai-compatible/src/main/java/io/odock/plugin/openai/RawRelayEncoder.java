package io.odock.plugin.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.GatewayException;
import io.odock.spi.dialect.StreamEncoder;
import io.odock.spi.stream.SseEvent;
import io.odock.spi.stream.SseSink;
import io.odock.spi.stream.StreamEvent;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Relays an OpenAI stream that only OpenAI providers produce (image generation's partial images) event by event, names
 * kept; a failure becomes an {@code event: error} with OpenAI's error object.
 */
final class RawRelayEncoder implements StreamEncoder {
    private final ObjectMapper json;
    private final OpenAiErrors errors;

    RawRelayEncoder(ObjectMapper json, OpenAiErrors errors) {
        this.json = json;
        this.errors = errors;
    }

    @Override
    public void encode(StreamEvent event, SseSink sink) throws IOException {
        if (event instanceof StreamEvent.Raw raw) {
            sink.send(raw.event());
        }
        // Normalized events have no meaning in an image stream; the OpenAI adapter never sends them here.
    }

    @Override
    public void finish(SseSink sink) {
        // The upstream's own last event (…completed) already ended the stream.
    }

    @Override
    public void fail(GatewayException error, String requestId, SseSink sink) throws IOException {
        try {
            sink.send(SseEvent.named("error", json.writeValueAsString(errors.body(error))));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
