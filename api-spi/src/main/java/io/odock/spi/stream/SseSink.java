package io.odock.spi.stream;

import java.io.IOException;

/**
 * Where a translator writes the events a streaming client receives. Each call writes and flushes one event, so it
 * reaches the client at once.
 */
@FunctionalInterface
public interface SseSink {

    /**
     * Sends one event to the client.
     *
     * @throws IOException when the client has gone away
     */
    void send(SseEvent event) throws IOException;
}
