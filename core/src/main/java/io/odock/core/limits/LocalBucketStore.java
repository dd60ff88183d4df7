package io.odock.core.limits;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Buckets in this process's memory, keyed by bucket name. Buckets that can no longer matter are swept out now and
 * then by whichever request comes along, so the map does not grow without bound: quota buckets whose window ended,
 * and minute buckets left full and idle (a new bucket would be identical).
 */
final class LocalBucketStore implements BucketStore {

    private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);
    private static final Duration IDLE_BEFORE_EVICTION = Duration.ofMinutes(2);
    /** Long responses settle after their quota window ended; they should find the bucket they drew from. */
    private static final Duration ENDED_WINDOW_GRACE = Duration.ofMinutes(10);

    private final Clock clock;
    private final ClockTimeMeter timeMeter;
    private final Map<String, LocalEntry> buckets = new ConcurrentHashMap<>();
    private final AtomicLong nextSweepMillis;

    LocalBucketStore(Clock clock) {
        this.clock = clock;
        this.timeMeter = new ClockTimeMeter(clock);
        this.nextSweepMillis = new AtomicLong(clock.millis() + SWEEP_INTERVAL.toMillis());
    }

    @Override
    public ConsumptionProbe tryConsume(BucketSpec spec, long tokens) {
        return bucket(spec).tryConsumeAndReturnRemaining(tokens);
    }

    @Override
    public void giveBack(BucketSpec spec, long tokens) {
        bucket(spec).addTokens(tokens);
    }

    @Override
    public void forceConsume(BucketSpec spec, long tokens) {
        bucket(spec).consumeIgnoringRateLimits(tokens);
    }

    @Override
    public boolean healthy() {
        return true;
    }

    @Override
    public String backend() {
        return "local";
    }

    @Override
    public void close() {
        buckets.clear();
    }

    /** How many buckets are held, for tests of the sweeping. */
    int size() {
        return buckets.size();
    }

    private Bucket bucket(BucketSpec spec) {
        sweepIfDue();
        LocalEntry entry = buckets.get(spec.name());
        if (entry == null || entry.limit != spec.limit()) {
            entry = buckets.compute(spec.name(), (name, existing) -> withLimit(existing, spec));
        }
        entry.lastUsedMillis = clock.millis();
        return entry.bucket;
    }

    private LocalEntry withLimit(LocalEntry existing, BucketSpec spec) {
        if (existing == null) {
            Bucket bucket = Bucket.builder()
                    .addLimit(spec.configuration().getBandwidths()[0])
                    .withCustomTimePrecision(timeMeter)
                    .build();
            return new LocalEntry(bucket, spec.limit(), spec.window().map(QuotaWindow::end));
        }
        if (existing.limit == spec.limit()) {
            return existing;
        }
        // ADDITIVE keeps what was used: raising 100 -> 200 after 100 used leaves 100, lowering caps at the new limit.
        existing.bucket.replaceConfiguration(spec.configuration(), TokensInheritanceStrategy.ADDITIVE);
        return new LocalEntry(existing.bucket, spec.limit(), existing.windowEnd);
    }

    private void sweepIfDue() {
        long now = clock.millis();
        long due = nextSweepMillis.get();
        if (now < due || !nextSweepMillis.compareAndSet(due, now + SWEEP_INTERVAL.toMillis())) {
            return;
        }
        Instant instant = Instant.ofEpochMilli(now);
        buckets.forEach((name, entry) -> {
            if (entry.isObsolete(instant, now)) {
                buckets.remove(name, entry);
            }
        });
    }

    /** A bucket with the limit it was last configured with and when it was last used. */
    private static final class LocalEntry {
        private final Bucket bucket;
        private final long limit;
        private final Optional<Instant> windowEnd;
        private volatile long lastUsedMillis;

        private LocalEntry(Bucket bucket, long limit, Optional<Instant> windowEnd) {
            this.bucket = bucket;
            this.limit = limit;
            this.windowEnd = windowEnd;
        }

        private boolean isObsolete(Instant now, long nowMillis) {
            if (windowEnd.isPresent()) {
                return !now.isBefore(windowEnd.get().plus(ENDED_WINDOW_GRACE));
            }
            boolean idle = nowMillis - lastUsedMillis >= IDLE_BEFORE_EVICTION.toMillis();
            return idle && bucket.getAvailableTokens() >= limit;
        }
    }
}
