package io.odock.core.limits;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucketBuilder;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Buckets in this instance's memory. Forgotten once they expire (a quota window ended, or a rate limit's bucket would
 * have refilled completely anyway), checked every few thousand lookups, so the map holds only buckets in use.
 */
final class LocalBuckets implements BucketSource {
    private static final int SWEEP_EVERY = 4096;

    private final Clock clock;
    private final TimeMeter time;
    private final Map<String, Entry> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lookups = new AtomicLong();

    private record Entry(Bucket bucket, AtomicLong expiresAtMillis) {
    }

    LocalBuckets(Clock clock) {
        this.clock = clock;
        this.time = new ClockTimeMeter(clock);
    }

    @Override
    public Bucket bucket(String name, BucketConfiguration configuration, Instant expiresAt) {
        if (lookups.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep();
        }
        Entry entry = buckets.computeIfAbsent(name, key -> new Entry(build(configuration),
                new AtomicLong(expiresAt.toEpochMilli())));
        entry.expiresAtMillis().accumulateAndGet(expiresAt.toEpochMilli(), Math::max);
        return entry.bucket();
    }

    private Bucket build(BucketConfiguration configuration) {
        LocalBucketBuilder builder = Bucket.builder().withCustomTimePrecision(time);
        for (Bandwidth bandwidth : configuration.getBandwidths()) {
            builder.addLimit(bandwidth);
        }
        return builder.build();
    }

    /** Drops expired buckets. */
    void sweep() {
        long now = clock.millis();
        buckets.entrySet().removeIf(entry -> entry.getValue().expiresAtMillis().get() < now);
    }

    int size() {
        return buckets.size();
    }

    @Override
    public boolean healthy() {
        return true;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public void close() {
        buckets.clear();
    }
}
