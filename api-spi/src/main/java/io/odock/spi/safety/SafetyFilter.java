package io.odock.spi.safety;

import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.RequestInfo;
import io.odock.spi.plugin.Verdict;

/**
 * Inspects content at fixed moments and returns a {@link Verdict}. SafetySec fails closed: if a filter throws, the
 * request is refused with 500 {@link io.odock.spi.ErrorCodes#PLUGIN_ERROR} rather than let through uninspected.
 */
public interface SafetyFilter {

    /** Before the upstream call, after routing: the request as it will be sent. */
    default Verdict inspectRequest(GatewayRequest request, RequestInfo info) {
        return Verdict.allow();
    }

    /** After the upstream call, before the client sees it: a complete answer. */
    default Verdict inspectResponse(GatewayRequest request, GatewayResponse response, RequestInfo info) {
        return Verdict.allow();
    }

    /**
     * Whether this filter inspects streamed answers. When any filter does, the host asks the adapter for normalized
     * events instead of relaying the upstream's events raw, and calls {@link #inspectStreamText} for each text piece.
     */
    default boolean inspectsStreams() {
        return false;
    }

    /**
     * A streamed text piece, before it is sent to the client. A block ends the stream with an in-stream error.
     *
     * @param textSoFar everything streamed for this choice before this piece, for rules that span pieces
     * @param delta     the new piece
     */
    default Verdict inspectStreamText(GatewayRequest request, RequestInfo info, String textSoFar, String delta) {
        return Verdict.allow();
    }
}
