package io.odock.core.keys;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An Odock API key as the gateway knows it: never the secret, only what identifies and governs it.
 *
 * @param id         the key's public id ({@code key_...})
 * @param name       the operator's name for it
 * @param prefix     the secret's first characters, safe to show so people can tell keys apart
 * @param models     the models it may use; empty means every model. Entries may end in {@code *}
 * @param allowByok  whether its callers may bring their own upstream key or base URL
 * @param state      active or revoked
 * @param createdAt  when it was created
 * @param lastUsedAt when it was last used, as far as this store knows (written behind)
 * @param revokedAt  when it was revoked
 */
public record ApiKey(String id, String name, String prefix, List<String> models, boolean allowByok, KeyState state,
                     Instant createdAt, Optional<Instant> lastUsedAt, Optional<Instant> revokedAt) {

    /** Validates the components. */
    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(prefix, "prefix");
        models = List.copyOf(models);
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }

    /** Whether this key may call the model: listed exactly, matched by a {@code prefix*} entry, or no list at all. */
    public boolean allowsModel(String model) {
        if (models.isEmpty()) {
            return true;
        }
        for (String allowed : models) {
            if (allowed.equals(model) || allowed.equals("*")
                    || (allowed.endsWith("*") && model.startsWith(allowed.substring(0, allowed.length() - 1)))) {
                return true;
            }
        }
        return false;
    }
}
