package io.odock.core.budget;

/**
 * The budget ledger could not be read or written (the database is down, or a lock could not be had). The message
 * names what failed without connection details; the cause has the driver's error for the logs.
 */
public final class BudgetUnavailableException extends RuntimeException {
    /**
     * @param message what could not be done
     * @param cause   the underlying failure
     */
    public BudgetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
