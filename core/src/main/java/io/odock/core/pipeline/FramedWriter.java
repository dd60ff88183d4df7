package io.odock.core.pipeline;

import io.odock.spi.dialect.StreamFraming;
import io.odock.spi.stream.SseEvent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a stream's events to the client in its framing and flushes each one, so it leaves at once: Server-Sent Events
 * as they are, or the elements of one JSON array (Gemini without {@code alt=sse}), opened before the first element and
 * closed by {@link #end()}.
 */
final class FramedWriter {
    private static final byte[] OPEN = "[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEPARATOR = ",\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "]".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final StreamFraming framing;
    private boolean started;

    FramedWriter(OutputStream out, StreamFraming framing) {
        this.out = out;
        this.framing = framing;
    }

    void write(SseEvent event) throws IOException {
        if (framing == StreamFraming.SSE) {
            out.write(event.toWire());
        } else {
            out.write(started ? SEPARATOR : OPEN);
            out.write(event.data().getBytes(StandardCharsets.UTF_8));
        }
        started = true;
        out.flush();
    }

    /** Closes the framing: the JSON array's bracket (an empty array when nothing was written). */
    void end() throws IOException {
        if (framing == StreamFraming.JSON_ARRAY) {
            if (!started) {
                out.write(OPEN);
            }
            out.write(CLOSE);
            out.flush();
        }
    }
}
