package io.odock.core.pipeline;

import io.odock.spi.dialect.StreamFraming;
import io.odock.spi.stream.SseEvent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class FramedWriterTest {

    @Test
    void writesServerSentEventsWithTheirNames() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FramedWriter writer = new FramedWriter(out, StreamFraming.SSE);

        writer.write(SseEvent.named("message_start", "{\"a\":1}"));
        writer.write(SseEvent.data("[DONE]"));
        writer.end();

        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("event: message_start\ndata: {\"a\":1}\n\ndata: [DONE]\n\n");
    }

    @Test
    void writesTheElementsOfOneJsonArray() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FramedWriter writer = new FramedWriter(out, StreamFraming.JSON_ARRAY);

        writer.write(SseEvent.data("{\"a\":1}"));
        writer.write(SseEvent.named("ignored", "{\"b\":2}"));
        writer.end();

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[{\"a\":1},\r\n{\"b\":2}]");
    }

    @Test
    void anArrayWithNothingInItIsStillAnArray() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FramedWriter(out, StreamFraming.JSON_ARRAY).end();

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[]");
    }
}
