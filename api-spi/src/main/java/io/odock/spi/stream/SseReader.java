package io.odock.spi.stream;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads Server-Sent Events from an upstream body, one event per {@link #next()} call, as soon as the event's
 * terminating blank line has arrived. Comments ({@code :} lines, used as keep-alives) and {@code id:} /
 * {@code retry:} fields are skipped. Not thread-safe: one reader per stream.
 */
public final class SseReader implements Closeable {
    private final BufferedReader reader;

    /** Reads from the given stream, which this reader closes. */
    public SseReader(InputStream body) {
        this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 8192);
    }

    /**
     * The next event, blocking until it is complete; empty at the end of the stream. A last event not followed by a
     * blank line is still returned.
     */
    public Optional<SseEvent> next() throws IOException {
        String event = null;
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return Optional.of(new SseEvent(Optional.ofNullable(event), data.toString()));
                }
                event = null;
                continue;
            }
            if (line.charAt(0) == ':') {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (!value.isEmpty() && value.charAt(0) == ' ') {
                value = value.substring(1);
            }
            if (field.equals("data")) {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            } else if (field.equals("event")) {
                event = value;
            }
        }
        return data == null ? Optional.empty() : Optional.of(new SseEvent(Optional.ofNullable(event), data.toString()));
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
