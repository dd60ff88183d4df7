package io.odock.spi;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Optional;

/**
 * Maps what an upstream provider did to the gateway's error vocabulary, the same way for every provider plugin, so
 * that clients see one behaviour whichever provider served them.
 *
 * <ul>
 *   <li>400, 409, 413, 422 from the upstream: the request itself was refused; the same status is answered with
 *       {@link ErrorCodes#INVALID_REQUEST} and the upstream's message (it describes the client's payload).</li>
 *   <li>429: {@link ErrorCodes#UPSTREAM_RATE_LIMITED}, keeping the upstream's {@code Retry-After}.</li>
 *   <li>401, 403, 404 and every 5xx: a gateway-side problem (operator key, upstream model name, outage):
 *       502 {@link ErrorCodes#UPSTREAM_ERROR}; the upstream's message is not shown because it may describe the
 *       operator's account.</li>
 * </ul>
 */
public final class UpstreamErrors {
    private UpstreamErrors() {
    }

    /**
     * The error for an upstream's non-2xx answer.
     *
     * @param providerId      configured provider id, named in messages
     * @param status          upstream HTTP status
     * @param upstreamMessage the upstream's own error message, if it gave one
     * @param retryAfter      the upstream's {@code Retry-After}, if any
     */
    public static GatewayException fromStatus(String providerId, int status, Optional<String> upstreamMessage,
                                              Optional<Duration> retryAfter) {
        GatewayException error = switch (status) {
            case 400, 409, 413, 422 -> new GatewayException(status, ErrorCodes.INVALID_REQUEST,
                    upstreamMessage.orElse("the upstream provider rejected the request"));
            case 429 -> new GatewayException(429, ErrorCodes.UPSTREAM_RATE_LIMITED,
                    "upstream provider '" + providerId + "' is rate limiting; retry later");
            default -> new GatewayException(502, ErrorCodes.UPSTREAM_ERROR,
                    "upstream provider '" + providerId + "' answered HTTP " + status);
        };
        error = error.withDetail("upstream_status", status);
        return retryAfter.map(error::withRetryAfter).orElse(error);
    }

    /**
     * The error for a call that failed before or while reading the upstream's answer: no connection
     * ({@link java.net.ConnectException}, an unknown host) is {@link ErrorCodes#UPSTREAM_UNREACHABLE}, a read that
     * timed out ({@link java.net.SocketTimeoutException}) is {@link #timedOut}, anything else is
     * {@link ErrorCodes#UPSTREAM_ERROR}.
     */
    public static GatewayException fromIOException(String providerId, IOException e) {
        if (e instanceof ConnectException || e instanceof UnknownHostException
                || e.getCause() instanceof UnresolvedAddressException) {
            return unreachable(providerId, false).withCause(e);
        }
        if (e instanceof SocketTimeoutException) {
            return timedOut(providerId).withCause(e);
        }
        return new GatewayException(502, ErrorCodes.UPSTREAM_ERROR,
                "the connection to upstream provider '" + providerId + "' failed").withCause(e);
    }

    /** 504 {@link ErrorCodes#UPSTREAM_TIMEOUT}: the upstream did not answer within the target's time. */
    public static GatewayException timedOut(String providerId) {
        return new GatewayException(504, ErrorCodes.UPSTREAM_TIMEOUT,
                "upstream provider '" + providerId + "' did not answer in time");
    }

    /**
     * 502 {@link ErrorCodes#UPSTREAM_UNREACHABLE}: no connection to the upstream could be made.
     *
     * @param connectTimedOut whether the connection attempt ran out of time (said in the message)
     */
    public static GatewayException unreachable(String providerId, boolean connectTimedOut) {
        return new GatewayException(502, ErrorCodes.UPSTREAM_UNREACHABLE, "upstream provider '" + providerId
                + "' could not be reached" + (connectTimedOut ? " (connect timeout)" : ""));
    }

    /** Parses a {@code Retry-After} header given in seconds; HTTP dates are ignored. */
    public static Optional<Duration> parseRetryAfter(Optional<String> header) {
        return header.flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }
}
