package io.odock.plugin.safetysec;

import java.util.Objects;

/**
 * One thing a rule found in a text. The found text is kept only to redact it; it is never logged or reported.
 *
 * @param rule  the rule that found it
 * @param found the exact text found
 */
public record Match(Rule rule, String found) {

    /** Validates the components. */
    public Match {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(found, "found");
        if (found.isEmpty()) {
            throw new IllegalArgumentException("a match must find some text");
        }
    }
}
