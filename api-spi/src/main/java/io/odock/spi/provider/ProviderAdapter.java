package io.odock.spi.provider;

import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.stream.EventStream;

/**
 * Calls one upstream provider. Both methods run on the request's own virtual thread and may block.
 *
 * <p>Contract for every adapter:
 * <ul>
 *   <li>call {@link GatewayRequest#requireUpstream()}'s base URL with its API key and its model name, never the
 *       client's credential;</li>
 *   <li>always ask the upstream to report usage (for streams too) and return it;</li>
 *   <li>when {@link GatewayRequest#passthrough()} is set, forward {@link GatewayRequest#rawPayload()} with only the
 *       model name (and usage reporting) changed, and stream {@link io.odock.spi.stream.StreamEvent.Raw} events;</li>
 *   <li>report failures as {@link io.odock.spi.GatewayException}s, mapped with {@link io.odock.spi.UpstreamErrors},
 *       never with a credential in the message.</li>
 * </ul>
 */
public interface ProviderAdapter {

    /**
     * Makes a non-streaming call and returns the whole answer: a chat completion, or embeddings, as
     * {@link GatewayRequest#operation()} says. An adapter refuses an operation its provider does not offer with 400
     * {@link io.odock.spi.ErrorCodes#INVALID_REQUEST}.
     */
    GatewayResponse complete(GatewayRequest request);

    /**
     * Starts a streaming call. Returns once the upstream accepted the call (status 2xx and headers received), so that
     * a refusal still reaches the client as a plain error response; throws {@link io.odock.spi.GatewayException}
     * otherwise.
     */
    EventStream stream(GatewayRequest request);
}
