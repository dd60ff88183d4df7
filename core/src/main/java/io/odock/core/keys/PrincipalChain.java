package io.odock.core.keys;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a key belongs to: optionally an organisation, a team and a user, and always the key itself. Limits, quotas and
 * budgets attached to any of these levels apply to every request made with the key.
 *
 * @param organization the organisation's id
 * @param team         the team's id
 * @param user         the user's id
 * @param keyId        the key's id
 */
public record PrincipalChain(Optional<String> organization, Optional<String> team, Optional<String> user,
                             String keyId) {

    /** Validates the components. */
    public PrincipalChain {
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(keyId, "keyId");
    }

    /** A key that belongs to nobody in particular. */
    public static PrincipalChain keyOnly(String keyId) {
        return new PrincipalChain(Optional.empty(), Optional.empty(), Optional.empty(), keyId);
    }

    /** Every level that is set, widest first, ending with the key. */
    public List<Scope> scopes() {
        List<Scope> scopes = new ArrayList<>(4);
        organization.ifPresent(id -> scopes.add(new Scope(ScopeKind.ORGANIZATION, id)));
        team.ifPresent(id -> scopes.add(new Scope(ScopeKind.TEAM, id)));
        user.ifPresent(id -> scopes.add(new Scope(ScopeKind.USER, id)));
        scopes.add(Scope.apiKey(keyId));
        return scopes;
    }
}
