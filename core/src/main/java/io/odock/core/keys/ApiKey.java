package io.odock.core.keys;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An Odock API key as the gateway knows it: never the secret, only what identifies and governs it.
 *
 * @param id         the key's public id ({@code key_...}); it stays the same when the secret is rotated
 * @param name       the operator's name for it
 * @param prefix     the secret's first characters, safe to show so people can tell keys apart
 * @param owner      the organisation, team and user it belongs to
 * @param models     the models it may use; empty means every model. Entries may end in {@code *}
 * @param mcpServers the MCP servers it may use; empty means every server. Entries may end in {@code *}
 * @param allowByok  whether its callers may bring their own upstream key or base URL
 * @param policy     IP lists and request ceilings
 * @param state      active or revoked
 * @param createdAt  when it was created
 * @param expiresAt  when it stops working, if ever
 * @param lastUsedAt when it was last used, as far as this store knows (written behind)
 * @param revokedAt  when it was revoked
 * @param rotatedAt  when its secret was last replaced
 */
public record ApiKey(String id, String name, String prefix, KeyOwner owner, List<String> models,
                     List<String> mcpServers, boolean allowByok, KeyPolicy policy, KeyState state, Instant createdAt,
                     Optional<Instant> expiresAt, Optional<Instant> lastUsedAt, Optional<Instant> revokedAt,
                     Optional<Instant> rotatedAt) {

    /** Validates the components. */
    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(owner, "owner");
        models = List.copyOf(models);
        mcpServers = List.copyOf(mcpServers);
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(rotatedAt, "rotatedAt");
    }

    /** A key without owner, MCP list, policy, expiry or rotation. */
    public ApiKey(String id, String name, String prefix, List<String> models, boolean allowByok, KeyState state,
                  Instant createdAt, Optional<Instant> lastUsedAt, Optional<Instant> revokedAt) {
        this(id, name, prefix, KeyOwner.nobody(), models, List.of(), allowByok, KeyPolicy.none(), state, createdAt,
                Optional.empty(), lastUsedAt, revokedAt, Optional.empty());
    }

    /** Whether this key may call the model: listed exactly, matched by a {@code prefix*} entry, or no list at all. */
    public boolean allowsModel(String model) {
        return NamePatterns.allows(models, model);
    }

    /** Whether this key may use the MCP server, by the same rules as models. */
    public boolean allowsMcpServer(String server) {
        return NamePatterns.allows(mcpServers, server);
    }

    /** Whether the key has expired at this instant. */
    public boolean isExpiredAt(Instant now) {
        return expiresAt.isPresent() && !now.isBefore(expiresAt.get());
    }

    /** The scopes its limits, quotas and budgets come from, widest first, ending with the key itself. */
    public PrincipalChain chain() {
        return owner.chain(id);
    }
}
