package io.odock.core.keys;

import java.util.Objects;

/**
 * One level of a caller's principal chain: an organisation, a team, a user or the key itself, by id.
 *
 * @param kind the level
 * @param id   the organisation, team or user id the operator chose, or the key's id
 */
public record Scope(ScopeKind kind, String id) {

    /** Validates the components. */
    public Scope {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a scope needs an id");
        }
    }

    /** The key's own scope. */
    public static Scope apiKey(String keyId) {
        return new Scope(ScopeKind.API_KEY, keyId);
    }

    /** {@code kind:id}, for logs, bucket names and ledger rows. */
    @Override
    public String toString() {
        return kind.wireName() + ":" + id;
    }
}
