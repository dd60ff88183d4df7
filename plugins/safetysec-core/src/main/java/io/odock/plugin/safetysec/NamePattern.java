package io.odock.plugin.safetysec;

import java.util.Objects;

/**
 * A name to match in a {@code select} entry: an exact name, a prefix ending in {@code *}, or {@code *} for any.
 *
 * @param text the pattern as written
 */
public record NamePattern(String text) {

    /** Validates the components. */
    public NamePattern {
        Objects.requireNonNull(text, "text");
    }

    /** Whether the value matches. */
    boolean matches(String value) {
        if (text.endsWith("*")) {
            return value.startsWith(text.substring(0, text.length() - 1));
        }
        return value.equals(text);
    }
}
