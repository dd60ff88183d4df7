package io.odock.core.limits;

/**
 * Opens the {@link RateLimiter} the settings ask for.
 */
public final class RateLimiters {

    private RateLimiters() {
    }

    /**
     * A limiter keeping its buckets in memory or in Redis. Opening the Redis backend does not fail when Redis is
     * down: the limiter reports itself unhealthy and refuses to judge until Redis answers.
     */
    public static RateLimiter open(LimiterSettings settings) {
        BucketStore store = switch (settings.backend()) {
            case LOCAL -> new LocalBucketStore(settings.clock());
            case REDIS -> RedisBucketStore.open(settings.redisUrl().orElseThrow(), settings.redisTimeout(),
                    settings.clock());
        };
        return new BucketRateLimiter(store, settings.quotaZone(), settings.clock());
    }
}
