package io.odock.core.keys;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an operator sets on a key, at creation or in an update (an update replaces the whole spec; the admin API merges
 * the fields a request names into the key's current spec first).
 *
 * @param name       a name for people, 1 to 200 characters
 * @param owner      the organisation, team and user it belongs to
 * @param models     the models it may use (exact names or {@code prefix*}); empty for all
 * @param mcpServers the MCP servers it may use; empty for all
 * @param allowByok  whether callers may send {@code x-odock-upstream-key} / {@code x-odock-upstream-base-url}
 * @param policy     IP lists and request ceilings
 * @param expiresAt  when the key stops working
 */
public record KeySpec(String name, KeyOwner owner, List<String> models, List<String> mcpServers, boolean allowByok,
                      KeyPolicy policy, Optional<Instant> expiresAt) {

    /** Validates and normalises the components. */
    public KeySpec {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 200) {
            throw new IllegalArgumentException("a key needs a name of 1 to 200 characters");
        }
        name = trimmed;
        Objects.requireNonNull(owner, "owner");
        models = normalised(models, "model");
        mcpServers = normalised(mcpServers, "MCP server");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** A key with a name and model list and nothing else. */
    public static KeySpec named(String name, List<String> models) {
        return new KeySpec(name, KeyOwner.nobody(), models, List.of(), false, KeyPolicy.none(), Optional.empty());
    }

    private static List<String> normalised(List<String> names, String what) {
        for (String entry : names) {
            if (entry == null || entry.isBlank()) {
                throw new IllegalArgumentException(what + " names in a key's " + what + " list cannot be blank");
            }
        }
        return names.stream().map(String::strip).toList();
    }
}
