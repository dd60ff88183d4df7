package io.odock.core.limits;

import java.util.List;

/**
 * Rate limits and quotas kept in Bucket4j buckets, in this instance's memory ({@code local}) or in Redis shared by
 * every instance ({@code redis}).
 */
public interface RateLimiter extends AutoCloseable {

    /**
     * Judges a request against the rules that apply to its model: each request rule takes 1, each token rule takes the
     * estimate (at most the rule's limit). A rule whose bucket lacks that is exceeded and takes nothing; when an
     * enforced rule is exceeded, everything the request took is given back, so a refused request counts against
     * nothing.
     *
     * @throws LimitBackendUnavailableException when the backend cannot be reached
     */
    Admission admit(List<LimitRule> rules, String model, long estimatedTokens);

    /**
     * Reconciles the token rules an admitted request took its estimate from with its real usage: the difference is
     * taken (into debt if need be) or given back. Never throws; a backend failure is logged.
     */
    void settle(Admission admission, long actualTokens);

    /** Whether the backend answers (always true for the local one). */
    boolean healthy();

    /** {@code local} or {@code redis}. */
    String backend();

    @Override
    void close();
}
