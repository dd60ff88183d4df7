package io.odock.core.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * How to open a {@link RateLimiter}.
 *
 * @param backend      where buckets live
 * @param redisUrl     {@code redis://[:password@]host:port[/db]} for the redis backend (never logged)
 * @param redisTimeout how long a Redis command may take
 * @param quotaZone    the zone whose days and months bound quotas
 * @param clock        the time buckets and quota windows are computed with
 */
public record LimiterSettings(Backend backend, Optional<String> redisUrl, Duration redisTimeout, ZoneId quotaZone,
                              Clock clock) {

    /** Where buckets live. */
    public enum Backend { LOCAL, REDIS }

    /** Validates the components. */
    public LimiterSettings {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(redisUrl, "redisUrl");
        Objects.requireNonNull(redisTimeout, "redisTimeout");
        Objects.requireNonNull(quotaZone, "quotaZone");
        Objects.requireNonNull(clock, "clock");
        if (backend == Backend.REDIS && redisUrl.isEmpty()) {
            throw new IllegalArgumentException("the redis backend needs a Redis URL");
        }
    }

    @Override
    public String toString() {
        return "LimiterSettings[backend=" + backend + ", redisTimeout=" + redisTimeout + ", quotaZone=" + quotaZone
                + "]";
    }
}
