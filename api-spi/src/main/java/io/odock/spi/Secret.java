package io.odock.spi;

import java.util.Objects;

/**
 * A credential (an upstream provider key, for instance) that must never be printed. {@link #toString()} masks it, so a
 * secret that ends up in a log line, an exception message or a record's {@code toString} stays hidden; only
 * {@link #reveal()} gives the value, and only code that puts it on the wire should call it.
 *
 * @param value the secret text; may be empty when no credential is configured
 */
public record Secret(String value) {

    private static final Secret NONE = new Secret("");

    /** Creates a secret; {@code null} becomes the empty secret. */
    public Secret {
        value = value == null ? "" : value;
    }

    /** The secret for "no credential configured". */
    public static Secret none() {
        return NONE;
    }

    /** Wraps a value. */
    public static Secret of(String value) {
        return value == null || value.isEmpty() ? NONE : new Secret(value);
    }

    /** Whether a credential is present. */
    public boolean isPresent() {
        return !value.isEmpty();
    }

    /** The clear text, for the one place that sends it upstream. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "Secret[none]" : "Secret[****]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && Objects.equals(value, secret.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
