package io.odock.spi;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one error type of the gateway. It carries the HTTP status to answer with, a stable machine-readable
 * {@linkplain ErrorCodes code} and a message that is safe to show to the client: it must never contain a credential,
 * a stack trace or an upstream's raw internals. The route's dialect translator renders it in that dialect's error
 * shape.
 *
 * <p>Plugins throw it to fail a request on purpose (an upstream answered 400, a payload cannot be translated). Any
 * other exception a plugin throws is turned by the host into a 500 {@link ErrorCodes#PLUGIN_ERROR} and logged.
 */
public final class GatewayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final Map<String, Object> details;
    private final Duration retryAfter;
    private final Map<String, String> headers;

    /**
     * Creates an error.
     *
     * @param status  HTTP status to answer with (4xx or 5xx)
     * @param code    stable error code, see {@link ErrorCodes}
     * @param message client-safe description
     */
    public GatewayException(int status, String code, String message) {
        this(status, code, message, Map.of(), null, null, Map.of());
    }

    private GatewayException(int status, String code, String message, Map<String, Object> details,
                             Duration retryAfter, Throwable cause, Map<String, String> headers) {
        super(message, cause, false, cause != null);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a gateway error status is 4xx or 5xx, not " + status);
        }
        this.status = status;
        this.code = code;
        this.details = Map.copyOf(details);
        this.retryAfter = retryAfter;
        this.headers = Map.copyOf(headers);
    }

    /** 400 {@link ErrorCodes#INVALID_REQUEST}. */
    public static GatewayException invalidRequest(String message) {
        return new GatewayException(400, ErrorCodes.INVALID_REQUEST, message);
    }

    /** 502 {@link ErrorCodes#UPSTREAM_ERROR}. */
    public static GatewayException upstreamError(String message) {
        return new GatewayException(502, ErrorCodes.UPSTREAM_ERROR, message);
    }

    /** The same error with the underlying cause attached, for the gateway log only (never sent to the client). */
    public GatewayException withCause(Throwable cause) {
        return new GatewayException(status, code, getMessage(), details, retryAfter, cause, headers);
    }

    /**
     * The same error with one more detail; dialects that allow extra fields in their error object (OpenAI's does)
     * render details beside the message, for instance the parameter that was wrong.
     */
    public GatewayException withDetail(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(details);
        more.put(key, value);
        return new GatewayException(status, code, getMessage(), more, retryAfter, getCause(), headers);
    }

    /** The same error telling the client when to try again; rendered as a {@code Retry-After} header. */
    public GatewayException withRetryAfter(Duration retryAfter) {
        return new GatewayException(status, code, getMessage(), details, retryAfter, getCause(), headers);
    }

    /**
     * The same error with one more response header, such as the {@code x-ratelimit-*} headers of a refused request.
     * Header names are lower case; a header the HTTP layer sets itself cannot be replaced this way.
     */
    public GatewayException withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name.toLowerCase(java.util.Locale.ROOT), value);
        return new GatewayException(status, code, getMessage(), details, retryAfter, getCause(), more);
    }

    /** Extra response headers, in insertion order; empty by default. */
    public Map<String, String> headers() {
        return headers;
    }

    /** HTTP status. */
    public int status() {
        return status;
    }

    /** Stable error code. */
    public String code() {
        return code;
    }

    /** Extra fields for the error body, in insertion order; empty by default. */
    public Map<String, Object> details() {
        return details;
    }

    /** When the client may retry, if known. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
