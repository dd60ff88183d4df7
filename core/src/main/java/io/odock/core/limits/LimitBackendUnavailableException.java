package io.odock.core.limits;

/** The rate-limit backend (Redis) could not be reached or did not answer in time; the request cannot be metered. */
public final class LimitBackendUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message that names no secret. */
    public LimitBackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
