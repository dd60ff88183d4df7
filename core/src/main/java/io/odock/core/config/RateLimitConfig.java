package io.odock.core.config;

import io.odock.core.governance.LimitSet;
import io.odock.spi.Secret;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code ratelimit:}: where buckets live and the limits every key gets unless it overrides them.
 *
 * @param redis        {@code backend: redis}: the Redis URL ({@code redis://host:6379}, possibly with a password);
 *                     empty for {@code backend: local}, which keeps buckets in this instance's memory
 * @param redisTimeout how long a Redis command may take before the request is refused with 503
 * @param timezone     the zone whose days and months bound the quotas
 * @param keyDefaults  {@code defaults:}: per-key limits and quotas; a key's own limits replace them kind by kind
 */
public record RateLimitConfig(Optional<Secret> redis, Duration redisTimeout, ZoneId timezone, LimitSet keyDefaults) {
    /** The default: local buckets, no limits. */
    public static final RateLimitConfig DEFAULT = new RateLimitConfig(Optional.empty(), Duration.ofMillis(500),
            ZoneId.of("UTC"), LimitSet.none());

    /** Validates the components. */
    public RateLimitConfig {
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(redisTimeout, "redisTimeout");
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(keyDefaults, "keyDefaults");
    }

    /** {@code local} or {@code redis}. */
    public String backend() {
        return redis.isPresent() ? "redis" : "local";
    }
}
