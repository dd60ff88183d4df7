package io.odock.plugin.blocker;

import io.odock.spi.blocker.RequestBlocker;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.RequestInfo;
import io.odock.spi.plugin.Verdict;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Checks a request against the operator's rules in their order: the first rule that refuses it decides; a request no
 * rule refuses is allowed. Immutable, so one instance serves every request.
 */
final class RulesBlocker implements RequestBlocker {
    private final List<BlockingRule> rules;
    private final Clock clock;

    /**
     * @param rules the rules, in the order they are checked
     * @param clock the time opening hours are read against; injectable so tests can stand at a window's edge
     */
    RulesBlocker(List<BlockingRule> rules, Clock clock) {
        this.rules = List.copyOf(rules);
        this.clock = clock;
    }

    @Override
    public Verdict check(GatewayRequest request, RequestInfo info) {
        // One instant for every rule, so two rules never disagree about what time it is.
        ZonedDateTime now = ZonedDateTime.now(clock);
        for (BlockingRule rule : rules) {
            Optional<Verdict> refusal = rule.refusal(request, info, now);
            if (refusal.isPresent()) {
                return refusal.get();
            }
        }
        return Verdict.allow();
    }

    /** The rules, in order. */
    List<BlockingRule> rules() {
        return rules;
    }
}
