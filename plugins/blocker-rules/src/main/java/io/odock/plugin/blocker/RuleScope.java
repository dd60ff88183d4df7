package io.odock.plugin.blocker;

import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.RequestInfo;

import java.util.List;
import java.util.Optional;

/**
 * Which requests a rule looks at: by the model the client asked for and by who is calling. Each selector that is
 * given must match (they combine with "and"); within one selector any listed name may match ("or"). An empty
 * selector does not restrict, so a rule without selectors applies to every request.
 *
 * @param models        model names as the client sent them (the operator's aliases)
 * @param organizations organisation ids of the caller's key
 * @param teams         team ids of the caller's key
 * @param users         user ids of the caller's key
 * @param keys          ids of Odock API keys
 */
record RuleScope(List<NamePattern> models, List<NamePattern> organizations, List<NamePattern> teams,
                 List<NamePattern> users, List<NamePattern> keys) {

    /** Validates the components. */
    RuleScope {
        models = List.copyOf(models);
        organizations = List.copyOf(organizations);
        teams = List.copyOf(teams);
        users = List.copyOf(users);
        keys = List.copyOf(keys);
    }

    /** A scope that selects every request. */
    static RuleScope everything() {
        return new RuleScope(List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** Whether the rule applies to this request. */
    boolean selects(GatewayRequest request, RequestInfo info) {
        return admits(models, Optional.of(request.model()))
                && admits(organizations, info.organization())
                && admits(teams, info.team())
                && admits(users, info.user())
                && admits(keys, Optional.of(info.keyId()));
    }

    /** A caller without a team is not selected by a team selector: the rule was written for that team only. */
    private static boolean admits(List<NamePattern> selector, Optional<String> value) {
        if (selector.isEmpty()) {
            return true;
        }
        return value.map(v -> selector.stream().anyMatch(pattern -> pattern.matches(v))).orElse(false);
    }
}
