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
     * Streamed text not yet sent to the client. The host holds back the last {@link #streamWindow()} characters of a
     * stream (the largest window of its filters) and passes them again with the next piece, so a pattern split across
     * pieces is seen whole in {@code pending} and can still be redacted; when the stream ends, what is held is passed
     * one last time. Redactions apply to {@code pending}; a block ends the stream with an in-stream error.
     *
     * @param textSoFar everything already sent to the client for this choice, for rules that look further back
     * @param pending   the text not yet sent: what was held back plus the new piece
     */
    default Verdict inspectStreamText(GatewayRequest request, RequestInfo info, String textSoFar, String pending) {
        return Verdict.allow();
    }

    /**
     * How many characters of a streamed answer the host holds back before sending them, so that patterns up to that
     * long are caught across pieces. It is the most text a stream is delayed by; 0 (the default) holds nothing back.
     */
    default int streamWindow() {
        return 0;
    }
}
