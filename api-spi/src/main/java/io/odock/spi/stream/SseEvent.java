package io.odock.spi.stream;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * One Server-Sent Event as it travels on the wire.
 *
 * @param event the {@code event:} field, if the event had one (Anthropic names every event; OpenAI names none)
 * @param data  the {@code data:} field; multiple data lines are joined with {@code \n} as the SSE spec says
 */
public record SseEvent(Optional<String> event, String data) {

    /** Validates the components. */
    public SseEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
    }

    /** An unnamed event. */
    public static SseEvent data(String data) {
        return new SseEvent(Optional.empty(), data);
    }

    /** A named event. */
    public static SseEvent named(String event, String data) {
        return new SseEvent(Optional.of(event), data);
    }

    /** The event in wire form, ending with the blank line that terminates it. */
    public byte[] toWire() {
        StringBuilder out = new StringBuilder(data.length() + 32);
        event.ifPresent(name -> out.append("event: ").append(name).append('\n'));
        int start = 0;
        int newline;
        while ((newline = data.indexOf('\n', start)) >= 0) {
            out.append("data: ").append(data, start, newline).append('\n');
            start = newline + 1;
        }
        out.append("data: ").append(data, start, data.length()).append("\n\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
