package io.odock.core.limits;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;

import java.time.Instant;

/** Where a {@link BucketRateLimiter} gets its buckets: this instance's memory, or Redis. */
interface BucketSource extends AutoCloseable {

    /**
     * The bucket with this name, created with the configuration if it does not exist yet.
     *
     * @param expiresAt when the bucket can be forgotten (a quota window's end; for a rate limit, when it would be
     *                  full again if left alone)
     * @throws LimitBackendUnavailableException when the backend cannot be reached
     */
    Bucket bucket(String name, BucketConfiguration configuration, Instant expiresAt);

    /** Whether the backend answers. */
    boolean healthy();

    /** {@code local} or {@code redis}. */
    String name();

    @Override
    void close();
}
