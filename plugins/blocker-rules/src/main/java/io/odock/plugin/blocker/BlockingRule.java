package io.odock.plugin.blocker;

import io.odock.spi.ErrorCodes;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.RequestInfo;
import io.odock.spi.plugin.Verdict;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One rule of the operator's list: for the requests it selects, every condition must hold, or the request is refused
 * with 403 {@code plugin_blocked}, the rule's id and its reason.
 *
 * @param id         the rule's id, shown to the client and recorded
 * @param scope      which requests it looks at
 * @param conditions what those requests must satisfy; none means they are all refused
 * @param reason     the client-safe reason given when it refuses
 */
record BlockingRule(String id, RuleScope scope, List<Condition> conditions, String reason) {

    /** Validates the components. */
    BlockingRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scope, "scope");
        conditions = List.copyOf(conditions);
        Objects.requireNonNull(reason, "reason");
    }

    /** The refusal, when this rule refuses the request; empty when it lets it through. */
    Optional<Verdict> refusal(GatewayRequest request, RequestInfo info, ZonedDateTime now) {
        if (!scope.selects(request, info)) {
            return Optional.empty();
        }
        // A rule without conditions is a plain prohibition for what it selects.
        boolean satisfied = !conditions.isEmpty()
                && conditions.stream().allMatch(condition -> condition.holds(request, info, now));
        return satisfied ? Optional.empty()
                : Optional.of(Verdict.blockedBy(id, ErrorCodes.PLUGIN_BLOCKED, reason));
    }
}
