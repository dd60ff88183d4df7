package io.odock.plugin.safetysec;

import java.util.List;
import java.util.function.Predicate;

/**
 * Cheap tests run before a detector's regular expression: most text holds no '@', no key prefix and few digits, and
 * a plain scan for those costs far less than running the expression.
 */
final class Prefilters {
    private Prefilters() {
    }

    /** The text contains any of these literal strings. */
    static Predicate<String> containsAny(String... literals) {
        List<String> all = List.of(literals);
        return text -> {
            for (String literal : all) {
                if (text.contains(literal)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** The text contains at least this many ASCII digits. */
    static Predicate<String> digitsAtLeast(int count) {
        return text -> {
            int digits = 0;
            for (int i = 0, n = text.length(); i < n; i++) {
                char c = text.charAt(i);
                if (c >= '0' && c <= '9' && ++digits >= count) {
                    return true;
                }
            }
            return false;
        };
    }
}
