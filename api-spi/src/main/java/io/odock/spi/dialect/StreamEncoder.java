package io.odock.spi.dialect;

import io.odock.spi.GatewayException;
import io.odock.spi.stream.SseSink;
import io.odock.spi.stream.StreamEvent;

import java.io.IOException;

/**
 * Turns one stream's events into the client's wire events. Created per stream by
 * {@link DialectTranslator#streamEncoder}; used by one thread.
 */
public interface StreamEncoder {

    /**
     * Writes what the event means in this dialect; zero, one or several client events. For a
     * {@link StreamEvent.Raw} event of the same dialect, the encoder relays it, renaming the model to the client's.
     */
    void encode(StreamEvent event, SseSink sink) throws IOException;

    /** The upstream finished: writes the dialect's closing events (OpenAI's {@code data: [DONE]}). */
    void finish(SseSink sink) throws IOException;

    /**
     * The stream failed after it started: writes the dialect's in-stream error event. The client's HTTP status is
     * already 200, so this event is the only way to tell it.
     */
    void fail(GatewayException error, String requestId, SseSink sink) throws IOException;

    /** How the events are framed on the wire; Server-Sent Events unless the dialect says otherwise. */
    default StreamFraming framing() {
        return StreamFraming.SSE;
    }
}
