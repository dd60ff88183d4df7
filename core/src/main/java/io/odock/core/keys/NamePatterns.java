package io.odock.core.keys;

import java.util.List;

/**
 * Allow lists of names where an entry is a name, {@code prefix*}, or {@code *}; an empty list allows everything.
 * Shared by model and MCP server lists so both read the same way.
 */
public final class NamePatterns {
    private NamePatterns() {
    }

    /** Whether the name is allowed by the list. */
    public static boolean allows(List<String> patterns, String name) {
        if (patterns.isEmpty()) {
            return true;
        }
        for (String pattern : patterns) {
            if (matches(pattern, name)) {
                return true;
            }
        }
        return false;
    }

    /** Whether one entry matches the name. */
    public static boolean matches(String pattern, String name) {
        if (pattern.endsWith("*")) {
            return name.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(name);
    }
}
