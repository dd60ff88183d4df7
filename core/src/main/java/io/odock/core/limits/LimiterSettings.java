package io.odock.core.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * How to open a {@link RateLimiter}.
 *
 * @param backend      where the buckets live
 * @param redisUrl     {@code redis://[:password@]host:port[/db]}, required for {@link Backend#REDIS}
 * @param redisTimeout how long a Redis command, or a connection attempt, may take before the backend counts as down
 * @param quotaZone    the time zone in which day and month quota windows begin and end
 * @param clock        the time source for local buckets, quota windows and the Redis buckets' client-side clock
 */
public record LimiterSettings(Backend backend, Optional<String> redisUrl, Duration redisTimeout, ZoneId quotaZone,
                              Clock clock) {

    /** Where the buckets live. */
    public enum Backend {
        /** In this process: limits hold per gateway instance. */
        LOCAL,
        /** In Redis: limits hold across every gateway instance sharing it. */
        REDIS
    }

    /** Validates the components. */
    public LimiterSettings {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(redisUrl, "redisUrl");
        Objects.requireNonNull(redisTimeout, "redisTimeout");
        Objects.requireNonNull(quotaZone, "quotaZone");
        Objects.requireNonNull(clock, "clock");
        if (redisTimeout.isNegative() || redisTimeout.isZero()) {
            throw new IllegalArgumentException("the redis timeout must be positive");
        }
        if (backend == Backend.REDIS && redisUrl.filter(url -> !url.isBlank()).isEmpty()) {
            throw new IllegalArgumentException("the redis backend needs a redis url");
        }
    }
}
