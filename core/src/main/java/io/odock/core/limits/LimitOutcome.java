package io.odock.core.limits;

import java.time.Duration;
import java.util.Objects;

/**
 * How one rule judged one request.
 *
 * @param rule       the rule
 * @param exceeded   true when the rule's bucket lacked what the request needed
 * @param remaining  what is left in the bucket after this request, 0 when exceeded
 * @param resetAfter for minute limits, the time until the bucket is full again (allowed) or holds enough for this
 *                   request (exceeded); for quotas, the time until the calendar window ends
 */
public record LimitOutcome(LimitRule rule, boolean exceeded, long remaining, Duration resetAfter) {

    /** Validates the components. */
    public LimitOutcome {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(resetAfter, "resetAfter");
    }
}
