package io.odock.core.keys;

import java.util.Locale;
import java.util.Optional;

/**
 * The levels of the principal chain a limit, quota or budget can attach to, from the widest to the narrowest. The
 * wire names are what the admin API, the CLI and 429/402 bodies ({@code "scope"}) use.
 */
public enum ScopeKind {
    ORGANIZATION("organization"),
    TEAM("team"),
    USER("user"),
    API_KEY("api_key");

    private final String wireName;

    ScopeKind(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the admin API, the CLI and error bodies. */
    public String wireName() {
        return wireName;
    }

    /** The kind with this wire name ({@code key} is accepted for {@code api_key}). */
    public static Optional<ScopeKind> fromWireName(String name) {
        String lower = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        if (lower.equals("key")) {
            return Optional.of(API_KEY);
        }
        for (ScopeKind kind : values()) {
            if (kind.wireName.equals(lower)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
