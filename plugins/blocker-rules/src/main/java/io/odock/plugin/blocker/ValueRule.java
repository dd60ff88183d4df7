package io.odock.plugin.blocker;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a single text value (a header, a metadata entry) must be: present when {@code required}, and when present,
 * wholly matched by {@code matches} and one of {@code oneOf}, each when given.
 *
 * @param required whether a missing value fails the condition
 * @param matches  a regular expression the whole value must match
 * @param oneOf    the values allowed; empty for any
 */
record ValueRule(boolean required, Optional<Pattern> matches, Set<String> oneOf) {

    /** Validates the components. */
    ValueRule {
        oneOf = Set.copyOf(oneOf);
        if (!required && matches.isEmpty() && oneOf.isEmpty()) {
            throw new IllegalArgumentException("an optional value needs 'matches' or 'oneOf', or it checks nothing");
        }
    }

    /** Whether the value (or its absence) is acceptable. */
    boolean accepts(Optional<String> value) {
        if (value.isEmpty()) {
            return !required;
        }
        String text = value.get();
        return matches.map(pattern -> pattern.matcher(text).matches()).orElse(true)
                && (oneOf.isEmpty() || oneOf.contains(text));
    }
}
