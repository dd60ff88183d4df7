package io.odock.core.limits;

import io.github.bucket4j.ConsumptionProbe;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admission and settling rules, independent of where the buckets live.
 */
final class BucketRateLimiter implements RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(BucketRateLimiter.class);

    private final BucketStore store;
    private final ZoneId quotaZone;
    private final Clock clock;

    BucketRateLimiter(BucketStore store, ZoneId quotaZone, Clock clock) {
        this.store = store;
        this.quotaZone = quotaZone;
        this.clock = clock;
    }

    @Override
    public Admission admit(List<LimitRule> rules, String model, long estimatedTokens) {
        Objects.requireNonNull(rules, "rules");
        if (estimatedTokens < 0) {
            throw new IllegalArgumentException("a token estimate cannot be negative, got " + estimatedTokens);
        }
        Instant now = clock.instant();
        List<Attempt> attempts = new ArrayList<>();
        try {
            for (LimitRule rule : rules) {
                if (rule.appliesTo(model)) {
                    BucketSpec bucket = BucketSpec.forRule(rule, now, quotaZone);
                    long wanted = wanted(rule, estimatedTokens);
                    attempts.add(new Attempt(rule, bucket, wanted, store.tryConsume(bucket, wanted)));
                }
            }
        } catch (LimitBackendUnavailableException e) {
            giveBackQuietly(attempts);
            throw e;
        }
        // Plain loops rather than streams: this runs on every request, and the stream pipelines showed in its profile.
        boolean refused = false;
        for (Attempt attempt : attempts) {
            refused |= attempt.exceeded() && !attempt.rule().shadow();
        }
        if (refused) {
            // A refused request must not count against anything, including the rules it passed.
            for (Attempt attempt : attempts) {
                if (!attempt.exceeded()) {
                    store.giveBack(attempt.bucket(), attempt.taken());
                }
            }
        }
        List<LimitOutcome> outcomes = new ArrayList<>(attempts.size());
        List<TokenCharge> charges = new ArrayList<>(refused ? 0 : attempts.size());
        for (Attempt attempt : attempts) {
            outcomes.add(attempt.outcome(now, refused));
            if (!refused && !attempt.exceeded() && attempt.rule().kind().countsTokens()) {
                charges.add(new TokenCharge(attempt.bucket(), attempt.taken()));
            }
        }
        return new Admission(outcomes, estimatedTokens, charges);
    }

    @Override
    public void settle(Admission admission, long actualTokens) {
        Objects.requireNonNull(admission, "admission");
        long actual = Math.max(0, actualTokens);
        for (TokenCharge charge : admission.charges()) {
            long difference = actual - charge.taken();
            try {
                if (difference > 0) {
                    store.forceConsume(charge.bucket(), difference);
                } else if (difference < 0) {
                    store.giveBack(charge.bucket(), -difference);
                }
            } catch (RuntimeException e) {
                log.warn("could not settle {} tokens against {}: {}", difference, charge.bucket().name(),
                        e.getMessage());
            }
        }
    }

    @Override
    public boolean healthy() {
        return store.healthy();
    }

    @Override
    public String backend() {
        return store.backend();
    }

    @Override
    public void close() {
        store.close();
    }

    /**
     * Requests take one. Token rules take the estimate, capped at the limit so a large request can still pass a
     * full bucket once, and at least one so an exhausted or indebted bucket refuses even an estimate of zero.
     */
    private static long wanted(LimitRule rule, long estimatedTokens) {
        if (!rule.kind().countsTokens()) {
            return 1;
        }
        return Math.max(1, Math.min(estimatedTokens, rule.limit()));
    }

    private void giveBackQuietly(List<Attempt> attempts) {
        for (Attempt attempt : attempts) {
            if (!attempt.exceeded()) {
                try {
                    store.giveBack(attempt.bucket(), attempt.taken());
                } catch (RuntimeException e) {
                    log.warn("could not give back {} to {} after a backend failure: {}", attempt.taken(),
                            attempt.bucket().name(), e.getMessage());
                }
            }
        }
    }

    /** One rule's try at its bucket. */
    private record Attempt(LimitRule rule, BucketSpec bucket, long taken, ConsumptionProbe probe) {

        boolean exceeded() {
            return !probe.isConsumed();
        }

        LimitOutcome outcome(Instant now, boolean givenBack) {
            if (exceeded()) {
                return new LimitOutcome(rule, true, 0,
                        bucket.resetAfter(now, 0, true, probe.getNanosToWaitForRefill()));
            }
            long remaining = Math.max(0, probe.getRemainingTokens());
            if (givenBack) {
                remaining = Math.min(rule.limit(), remaining + taken);
            }
            return new LimitOutcome(rule, false, remaining, bucket.resetAfter(now, remaining, false, 0));
        }
    }
}
