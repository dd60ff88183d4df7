package io.odock.core.limits;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Which bucket a rule draws from at a given moment, and its shape.
 *
 * @param name   {@code odock:rl:<scope kind>:<scope id>:<limit kind>[:m:<model pattern>][:<window>]}
 * @param kind   what the bucket counts and over which window
 * @param limit  the bucket's capacity
 * @param window the calendar window, for quotas
 */
record BucketSpec(String name, LimitKind kind, long limit, Optional<QuotaWindow> window) {

    private static final String PREFIX = "odock:rl:";
    private static final Duration MINUTE = Duration.ofMinutes(1);
    /**
     * Quota buckets must not refill inside their window, and Bucket4j has no "never refill" bandwidth; a refill
     * period far longer than any window does the same, because the next window uses a new bucket anyway.
     */
    private static final Duration NO_REFILL_WITHIN_WINDOW = Duration.ofDays(3650);

    /** The bucket {@code rule} draws from at {@code now}, quota windows taken in {@code zone}. */
    static BucketSpec forRule(LimitRule rule, Instant now, ZoneId zone) {
        StringBuilder name = new StringBuilder(PREFIX)
                .append(rule.scope().kind().wireName()).append(':')
                .append(rule.scope().id()).append(':')
                .append(rule.kind().wireName());
        rule.model().ifPresent(pattern -> name.append(":m:").append(pattern));
        Optional<QuotaWindow> window = Optional.empty();
        if (rule.kind().isQuota()) {
            QuotaWindow current = QuotaWindow.containing(rule.kind().window(), now, zone);
            name.append(':').append(current.label());
            window = Optional.of(current);
        }
        return new BucketSpec(name.toString(), rule.kind(), rule.limit(), window);
    }

    /** Minute buckets refill {@code limit} per minute; quota buckets hold {@code limit} for their window. */
    BucketConfiguration configuration() {
        Bandwidth bandwidth = window.isPresent()
                ? Bandwidth.builder().capacity(limit).refillIntervally(limit, NO_REFILL_WITHIN_WINDOW).build()
                : Bandwidth.builder().capacity(limit).refillGreedy(limit, MINUTE).build();
        return BucketConfiguration.builder().addLimit(bandwidth).build();
    }

    /** How long after {@code now} the bucket tells a caller to wait given what it has left. */
    Duration resetAfter(Instant now, long remaining, boolean exceeded, long nanosToWaitForRefill) {
        if (window.isPresent()) {
            Duration untilWindowEnds = Duration.between(now, window.get().end());
            return untilWindowEnds.isNegative() ? Duration.ZERO : untilWindowEnds;
        }
        if (exceeded) {
            return Duration.ofNanos(nanosToWaitForRefill);
        }
        // Greedy refill adds limit tokens per minute evenly, so the missing tokens come back proportionally.
        double missingShare = (double) Math.max(0, limit - remaining) / limit;
        return Duration.ofNanos((long) Math.ceil(missingShare * MINUTE.toNanos()));
    }
}
