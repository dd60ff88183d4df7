package io.odock.spi.stream;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SseReaderTest {
    private static List<SseEvent> read(String wire) throws IOException {
        List<SseEvent> events = new ArrayList<>();
        try (SseReader reader = new SseReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)))) {
            Optional<SseEvent> next;
            while ((next = reader.next()).isPresent()) {
                events.add(next.get());
            }
        }
        return events;
    }

    @Test
    void readsNamedAndUnnamedEventsSkippingComments() throws IOException {
        assertThat(read(": ping\n\nevent: message_start\ndata: {\"a\":1}\n\ndata: [DONE]\n\n")).containsExactly(
                SseEvent.named("message_start", "{\"a\":1}"), SseEvent.data("[DONE]"));
    }

    @Test
    void joinsMultiLineDataAndHandlesCrLfAndAMissingFinalBlankLine() throws IOException {
        assertThat(read("data: one\r\ndata: two\r\n\r\ndata:last")).containsExactly(
                SseEvent.data("one\ntwo"), SseEvent.data("last"));
    }

    @Test
    void writesEventsBackInWireForm() {
        assertThat(new String(SseEvent.named("e", "a\nb").toWire(), StandardCharsets.UTF_8))
                .isEqualTo("event: e\ndata: a\ndata: b\n\n");
        assertThat(new String(SseEvent.data("x").toWire(), StandardCharsets.UTF_8)).isEqualTo("data: x\n\n");
    }
}
