package io.odock.core.keys;

import java.util.Objects;
import java.util.Optional;

/**
 * The organisation, team and user a key belongs to, each optional. Ids are the operator's own (no registry: a team
 * exists as soon as a key or a limit names it).
 *
 * @param organization the organisation's id
 * @param team         the team's id
 * @param user         the user's id
 */
public record KeyOwner(Optional<String> organization, Optional<String> team, Optional<String> user) {
    private static final KeyOwner NOBODY = new KeyOwner(Optional.empty(), Optional.empty(), Optional.empty());

    /** Validates the components: ids are 1 to 100 characters when present. */
    public KeyOwner {
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(user, "user");
        organization = organization.map(String::strip).filter(id -> !id.isEmpty());
        team = team.map(String::strip).filter(id -> !id.isEmpty());
        user = user.map(String::strip).filter(id -> !id.isEmpty());
        for (Optional<String> id : java.util.List.of(organization, team, user)) {
            if (id.isPresent() && id.get().length() > 100) {
                throw new IllegalArgumentException("organisation, team and user ids are at most 100 characters");
            }
        }
    }

    /** A key that belongs to no organisation, team or user. */
    public static KeyOwner nobody() {
        return NOBODY;
    }

    /** The chain of scopes for a key with this owner. */
    public PrincipalChain chain(String keyId) {
        return new PrincipalChain(organization, team, user, keyId);
    }
}
