package io.odock.plugin.blocker;

import java.util.Objects;

/**
 * A name as the operator writes it in a selector: an exact name ({@code gpt-4o}), a prefix ending with {@code *}
 * ({@code gpt-4*}), or {@code *} for every name. Deliberately not a regular expression: selectors are read by people
 * deciding who is refused, and a prefix is all that model families need.
 *
 * @param text the pattern as written
 */
record NamePattern(String text) {

    /** Validates the components. */
    NamePattern {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("a name pattern cannot be empty");
        }
        if (text.indexOf('*') >= 0 && text.indexOf('*') != text.length() - 1) {
            throw new IllegalArgumentException("'*' may only end a name pattern, as in gpt-4*");
        }
    }

    /** Whether {@code name} is matched by this pattern. */
    boolean matches(String name) {
        if (text.endsWith("*")) {
            return name.startsWith(text.substring(0, text.length() - 1));
        }
        return name.equals(text);
    }
}
