package io.odock.core.limits;

import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;

/**
 * One live Redis connection and the Bucket4j proxy managers over it. Minute buckets and each quota window length get
 * their own manager because Bucket4j sets key expiry per manager, and the right expiry differs.
 *
 * @param connection    the connection, which Lettuce reconnects by itself once established
 * @param minuteBuckets minute buckets, expiring once they would have refilled to full
 * @param dayBuckets    day quota buckets, expiring after the longest day
 * @param monthBuckets  month quota buckets, expiring after the longest month
 */
record RedisSession(StatefulRedisConnection<String, byte[]> connection, ProxyManager<String> minuteBuckets,
                    ProxyManager<String> dayBuckets, ProxyManager<String> monthBuckets) {

    /** A minute bucket idle this long past full is indistinguishable from a new one. */
    private static final Duration MINUTE_BUCKET_MARGIN = Duration.ofSeconds(30);
    /** TTLs count from the last write, so any write inside the window expires after the window (25 h DST days). */
    private static final Duration DAY_BUCKET_TTL = Duration.ofHours(26);
    private static final Duration MONTH_BUCKET_TTL = Duration.ofDays(32);

    /** The managers over {@code connection}, with Bucket4j reading time from {@code clock}. */
    static RedisSession over(StatefulRedisConnection<String, byte[]> connection, Duration timeout, TimeMeter clock) {
        return new RedisSession(connection,
                manager(connection, timeout, clock,
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(MINUTE_BUCKET_MARGIN)),
                manager(connection, timeout, clock, ExpirationAfterWriteStrategy.fixedTimeToLive(DAY_BUCKET_TTL)),
                manager(connection, timeout, clock, ExpirationAfterWriteStrategy.fixedTimeToLive(MONTH_BUCKET_TTL)));
    }

    /** The manager for buckets of {@code kind}. */
    ProxyManager<String> managerFor(LimitKind kind) {
        return switch (kind.window()) {
            case MINUTES -> minuteBuckets;
            case DAYS -> dayBuckets;
            case MONTHS -> monthBuckets;
            default -> throw new IllegalArgumentException("no bucket manager for " + kind);
        };
    }

    private static ProxyManager<String> manager(StatefulRedisConnection<String, byte[]> connection, Duration timeout,
                                                TimeMeter clock, ExpirationAfterWriteStrategy expiry) {
        return Bucket4jLettuce.casBasedBuilder(connection)
                .clientClock(clock)
                .requestTimeout(timeout)
                .expirationAfterWrite(expiry)
                .build();
    }
}
