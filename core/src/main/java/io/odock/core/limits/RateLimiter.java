package io.odock.core.limits;

import java.util.List;

/**
 * Judges requests against limit rules and keeps the buckets they draw from, in memory or in Redis.
 */
public interface RateLimiter extends AutoCloseable {

    /**
     * Takes what a request needs from the bucket of every rule applying to {@code model}: one for request rules,
     * the estimate (at most the rule's limit) for token rules. A rule whose bucket lacks it is exceeded and takes
     * nothing. When an enforced rule is exceeded, everything taken is given back and every outcome is still
     * reported.
     *
     * @throws LimitBackendUnavailableException when the bucket store cannot be reached in time
     */
    Admission admit(List<LimitRule> rules, String model, long estimatedTokens);

    /**
     * Reconciles the token buckets an admission drew from with the real usage: takes the excess (even into debt)
     * or gives back the surplus. Backend failures are logged, never thrown.
     */
    void settle(Admission admission, long actualTokens);

    /** True when the bucket store answers in time. */
    boolean healthy();

    /** {@code local} or {@code redis}. */
    String backend();

    /** Releases the connection and background resources. */
    @Override
    void close();
}
