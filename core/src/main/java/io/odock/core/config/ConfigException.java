package io.odock.core.config;

/**
 * A configuration problem that stops start-up. The message always names the file, the entry and what is wrong, so an
 * operator can fix it without reading code: {@code conf/odock.yaml: models[0] (name 'demo'): deployments[0].provider
 * 'openia' is not a configured provider (configured: echo)}.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with its full, operator-facing message. */
    public ConfigException(String message) {
        super(message);
    }

    /** Creates the error with its cause (for I/O and parse failures). */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
