package io.odock.core.limits;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link RateLimiter} over a {@link BucketSource}. Per-minute limits are token buckets holding the limit and
 * refilling it greedily over a minute; quotas are one bucket per calendar window that never refills inside it. A
 * bucket's name carries its scope, kind, model pattern, limit and window, so a changed limit or a new window simply
 * starts a new bucket.
 */
final class BucketRateLimiter implements RateLimiter {
    private static final Logger log = LoggerFactory.getLogger(BucketRateLimiter.class);
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final BucketSource buckets;
    private final Clock clock;
    private final ZoneId quotaZone;

    BucketRateLimiter(BucketSource buckets, Clock clock, ZoneId quotaZone) {
        this.buckets = buckets;
        this.clock = clock;
        this.quotaZone = quotaZone;
    }

    @Override
    public Admission admit(List<LimitRule> rules, String model, long estimatedTokens) {
        Instant now = clock.instant();
        List<LimitOutcome> outcomes = new ArrayList<>();
        List<Admission.Taken> taken = new ArrayList<>();
        boolean refused = false;
        try {
            for (LimitRule rule : rules) {
                if (!rule.appliesTo(model)) {
                    continue;
                }
                long need = rule.kind().countsTokens() ? Math.min(Math.max(0, estimatedTokens), rule.limit()) : 1;
                Bucket bucket = bucket(rule, now);
                // A quota frees up when its window ends, whatever the bucket says.
                Duration quotaLeft = rule.kind().isQuota() ? Duration.between(now, window(rule, now).end()) : null;
                if (need == 0) {
                    long available = bucket.getAvailableTokens();
                    outcomes.add(new LimitOutcome(rule, false, Math.max(0, available),
                            quotaLeft != null ? quotaLeft : refillTime(rule, available)));
                    continue;
                }
                ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(need);
                if (probe.isConsumed()) {
                    taken.add(new Admission.Taken(rule, bucket, need));
                    outcomes.add(new LimitOutcome(rule, false, probe.getRemainingTokens(),
                            quotaLeft != null ? quotaLeft : Duration.ofNanos(probe.getNanosToWaitForReset())));
                } else {
                    refused |= !rule.shadow();
                    outcomes.add(new LimitOutcome(rule, true, 0,
                            quotaLeft != null ? quotaLeft : Duration.ofNanos(probe.getNanosToWaitForRefill())));
                }
            }
            if (refused) {
                // A refused request counts against nothing.
                for (Admission.Taken took : taken) {
                    took.bucket().addTokens(took.amount());
                }
                taken.clear();
            }
        } catch (LimitBackendUnavailableException e) {
            giveBackQuietly(taken);
            throw e;
        } catch (RuntimeException e) {
            giveBackQuietly(taken);
            throw new LimitBackendUnavailableException("the rate-limit backend failed: " + e.getClass().getSimpleName(),
                    e);
        }
        // Only token rules are reconciled after the call.
        taken.removeIf(took -> !took.rule().kind().countsTokens());
        return new Admission(outcomes, estimatedTokens, taken);
    }

    @Override
    public void settle(Admission admission, long actualTokens) {
        for (Admission.Taken took : admission.taken()) {
            long difference = Math.max(0, actualTokens) - took.amount();
            try {
                if (difference > 0) {
                    took.bucket().consumeIgnoringRateLimits(difference);
                } else if (difference < 0) {
                    took.bucket().addTokens(-difference);
                }
            } catch (RuntimeException e) {
                log.warn("Could not reconcile the {} bucket of {} with the real usage: {}",
                        took.rule().kind().wireName(), took.rule().scope(), e.toString());
            }
        }
    }

    private void giveBackQuietly(List<Admission.Taken> taken) {
        for (Admission.Taken took : taken) {
            try {
                took.bucket().addTokens(took.amount());
            } catch (RuntimeException e) {
                log.debug("Could not give back what a failed admission took: {}", e.toString());
            }
        }
    }

    private Bucket bucket(LimitRule rule, Instant now) {
        StringBuilder name = new StringBuilder("odock:rl:").append(rule.scope().kind().wireName()).append(':')
                .append(rule.scope().id()).append(':').append(rule.kind().wireName()).append(':')
                .append(rule.limit());
        rule.model().ifPresent(pattern -> name.append(":m:").append(pattern));
        if (rule.kind().isQuota()) {
            QuotaWindow window = window(rule, now);
            name.append(':').append(window.id());
            Duration length = Duration.between(now, window.end());
            // Never refills inside the window: its first refill would come long after the window ended.
            Bandwidth quota = Bandwidth.builder().capacity(rule.limit())
                    .refillIntervally(rule.limit(), Duration.ofDays(62)).build();
            return buckets.bucket(name.toString(), BucketConfiguration.builder().addLimit(quota).build(),
                    now.plus(length));
        }
        Bandwidth rate = Bandwidth.builder().capacity(rule.limit()).refillGreedy(rule.limit(), MINUTE).build();
        return buckets.bucket(name.toString(), BucketConfiguration.builder().addLimit(rate).build(),
                now.plus(MINUTE).plusSeconds(1));
    }

    private QuotaWindow window(LimitRule rule, Instant now) {
        return QuotaWindow.of(rule.kind().window(), now, quotaZone);
    }

    /** How long a per-minute bucket holding {@code available} takes to fill up. */
    private static Duration refillTime(LimitRule rule, long available) {
        long missing = Math.max(0, rule.limit() - available);
        return Duration.ofNanos(MINUTE.toNanos() / rule.limit() * missing);
    }

    @Override
    public boolean healthy() {
        return buckets.healthy();
    }

    @Override
    public String backend() {
        return buckets.name();
    }

    @Override
    public void close() {
        buckets.close();
    }
}
