package io.odock.core.limits;

import java.time.Duration;
import java.util.Objects;

/**
 * How one rule judged one request.
 *
 * @param rule       the rule
 * @param exceeded   whether the request did not fit
 * @param remaining  what is left after this request (0 when exceeded)
 * @param resetAfter for a rate limit, how long until its bucket is full again (or, when exceeded, until the request
 *                   would fit); for a quota, how long until its window ends
 */
public record LimitOutcome(LimitRule rule, boolean exceeded, long remaining, Duration resetAfter) {

    /** Validates the components. */
    public LimitOutcome {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(resetAfter, "resetAfter");
    }
}
