package io.odock.spi.provider;

import io.odock.spi.GatewayException;
import io.odock.spi.model.UpstreamTarget;

/**
 * The host's HTTP client for upstream calls, lent to every extension through
 * {@link io.odock.spi.plugin.PluginContext#upstreamClient()}: one pool of kept-alive connections per upstream, the
 * target's timeouts applied, the call cancelled when the client of the gateway goes away. Adapters build the
 * {@link UpstreamCall} (URL, credential, payload); the client never adds a credential of its own.
 *
 * <p>Timeouts come from the {@link UpstreamTarget}: {@link UpstreamTarget#connectTimeout()} for opening a
 * connection; for a complete answer, {@link UpstreamTarget#timeout()} for the whole exchange, body included; for a
 * stream, {@link UpstreamTarget#firstByteTimeout()} for the response headers, while the rest of the stream is bounded
 * by the host.
 */
public interface UpstreamClient {

    /**
     * Sends a call and waits for its answer. For a complete answer ({@code stream == false}) the whole body has been
     * read when this returns; for a stream only the headers have, and the body is read as it arrives.
     *
     * @param call   what to send
     * @param target where the call goes and within which timeouts
     * @param stream whether the answer is a stream, read as it arrives
     * @return the answer, whatever its status
     * @throws GatewayException 504 {@link io.odock.spi.ErrorCodes#UPSTREAM_TIMEOUT} when the time ran out, 502
     *                          {@link io.odock.spi.ErrorCodes#UPSTREAM_UNREACHABLE} when no connection could be made,
     *                          502 {@link io.odock.spi.ErrorCodes#UPSTREAM_ERROR} when the exchange broke off
     */
    UpstreamAnswer send(UpstreamCall call, UpstreamTarget target, boolean stream);
}
