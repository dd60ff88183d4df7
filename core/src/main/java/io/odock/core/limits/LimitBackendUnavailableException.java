package io.odock.core.limits;

/**
 * The store holding the buckets (Redis) could not be reached in time, so the request could not be judged. The
 * message never carries connection details such as passwords.
 */
public class LimitBackendUnavailableException extends RuntimeException {

    /** With the underlying failure. */
    public LimitBackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Without an underlying failure. */
    public LimitBackendUnavailableException(String message) {
        super(message);
    }
}
