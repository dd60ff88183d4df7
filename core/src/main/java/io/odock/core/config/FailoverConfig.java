package io.odock.core.config;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * When and how a model's call is tried again ({@code failover:} in a model entry). Attempts walk the deployments in the
 * strategy's order, starting over at the first when there are more retries than deployments, waiting
 * {@code backoff × 2^(retry-1)} (with jitter, at most {@code maxBackoff}, at least the upstream's {@code Retry-After}
 * when that fits under {@code maxBackoff}) between attempts. Only failures before anything reached the client are
 * retried, and never one the request itself caused.
 *
 * @param on         the failures that trigger another attempt
 * @param retries    how many more attempts after the first; by default one per remaining deployment
 * @param backoff       the first wait
 * @param maxBackoff    the longest wait
 * @param cooldownAfter upstream failures in a row after which a deployment is cooled down (circuit open)
 * @param cooldown      how long a cooled-down deployment stays behind the healthy ones before it is probed again
 */
public record FailoverConfig(Set<FailoverTrigger> on, Optional<Integer> retries, Duration backoff,
                             Duration maxBackoff, int cooldownAfter, Duration cooldown) {

    /**
     * The default: every upstream failure but a refused key or model, each deployment once, no waiting; 5 failures in
     * a row cool a deployment down for 30 s.
     */
    public static final FailoverConfig DEFAULT = new FailoverConfig(EnumSet.of(FailoverTrigger.SERVER_ERROR,
            FailoverTrigger.TIMEOUT, FailoverTrigger.RATE_LIMIT, FailoverTrigger.CONNECT), Optional.empty(),
            Duration.ZERO, Duration.ofSeconds(10), 5, Duration.ofSeconds(30));

    /** Makes the set immutable. */
    public FailoverConfig {
        on = Set.copyOf(on);
    }

    /** How many attempts in all for a model with this many eligible deployments. */
    public int attempts(int deployments) {
        return 1 + retries.orElse(Math.max(0, deployments - 1));
    }
}
