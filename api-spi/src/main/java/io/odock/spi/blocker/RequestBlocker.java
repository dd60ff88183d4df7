package io.odock.spi.blocker;

import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.RequestInfo;
import io.odock.spi.plugin.Verdict;

/**
 * Decides whether a request may proceed, before it is routed (for instance: refuse a caller outside office hours, a
 * tenant that is suspended, a payload that names a forbidden model family). Blockers fail closed: a blocker that
 * throws refuses the request with 500 {@link io.odock.spi.ErrorCodes#PLUGIN_ERROR}.
 */
@FunctionalInterface
public interface RequestBlocker {

    /**
     * The verdict for one request: {@link Verdict#allow()}, {@link Verdict#block(String, String)} (answered as 403),
     * or {@link Verdict#redact(java.util.List)} (applied like a SafetySec redaction).
     */
    Verdict check(GatewayRequest request, RequestInfo info);
}
