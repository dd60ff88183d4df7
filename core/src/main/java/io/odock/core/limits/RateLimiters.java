package io.odock.core.limits;

/** Opens the {@link RateLimiter} the settings ask for. */
public final class RateLimiters {
    private RateLimiters() {
    }

    /** A limiter on the local or the redis backend; the redis one connects lazily and never fails to open. */
    public static RateLimiter open(LimiterSettings settings) {
        BucketSource buckets = switch (settings.backend()) {
            case LOCAL -> new LocalBuckets(settings.clock());
            case REDIS -> new RedisBuckets(settings.redisUrl().orElseThrow(), settings.redisTimeout(),
                    settings.clock());
        };
        return new BucketRateLimiter(buckets, settings.clock(), settings.quotaZone());
    }
}
