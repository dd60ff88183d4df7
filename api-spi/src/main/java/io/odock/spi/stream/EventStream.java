package io.odock.spi.stream;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A streamed answer being read from the upstream. The host pulls events one at a time on the request's own (virtual)
 * thread and relays each to the client before pulling the next, so a slow client slows the upstream read rather than
 * filling memory. The host always closes it, also when the client goes away.
 */
public interface EventStream extends AutoCloseable {

    /**
     * The next event, blocking until it arrives; empty when the upstream finished.
     *
     * @throws IOException when the upstream connection fails mid-stream
     * @throws io.odock.spi.GatewayException when the upstream reports an error mid-stream
     */
    Optional<StreamEvent> next() throws IOException;

    /** The upstream's own request id, if it sent one in its headers. */
    default Optional<String> providerRequestId() {
        return Optional.empty();
    }

    /**
     * What the adapter left out of the request because its provider lacks it (a sampling parameter, a content part),
     * one short sentence each; the host sends them to the client in the {@code x-odock-warning} header. Known once
     * {@link io.odock.spi.provider.ProviderAdapter#stream} returned.
     */
    default List<String> warnings() {
        return List.of();
    }

    /** Releases the upstream connection. */
    @Override
    void close();
}
