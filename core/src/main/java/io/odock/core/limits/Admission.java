package io.odock.core.limits;

import io.github.bucket4j.Bucket;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How a request's rules judged it, and what it took from their buckets, so that {@link RateLimiter#settle} can
 * reconcile the token estimate with the real usage in the very buckets (and quota windows) it was taken from.
 */
public final class Admission {
    private static final Admission NONE = new Admission(List.of(), 0, List.of());

    private final List<LimitOutcome> outcomes;
    private final long estimatedTokens;
    private final List<Taken> taken;

    /** Tokens taken from one bucket on estimate. */
    record Taken(LimitRule rule, Bucket bucket, long amount) {
    }

    Admission(List<LimitOutcome> outcomes, long estimatedTokens, List<Taken> taken) {
        this.outcomes = List.copyOf(outcomes);
        this.estimatedTokens = estimatedTokens;
        this.taken = List.copyOf(taken);
    }

    /** No rules applied. */
    public static Admission none() {
        return NONE;
    }

    /** Every rule's judgement, in rule order. */
    public List<LimitOutcome> outcomes() {
        return outcomes;
    }

    /** The tokens the request was estimated to use. */
    public long estimatedTokens() {
        return estimatedTokens;
    }

    List<Taken> taken() {
        return taken;
    }

    /**
     * The enforced rule that refused the request, if any: when several did, the one that frees up last, so that a
     * client waiting {@code Retry-After} does not run into the next one.
     */
    public Optional<LimitOutcome> refusal() {
        return outcomes.stream().filter(o -> o.exceeded() && !o.rule().shadow())
                .max(Comparator.comparing(LimitOutcome::resetAfter));
    }

    /** Shadow-mode rules the request exceeded (it went ahead). */
    public List<LimitOutcome> shadowExceeded() {
        return outcomes.stream().filter(o -> o.exceeded() && o.rule().shadow()).toList();
    }

    /**
     * The enforced rule counting requests (or tokens) with the least left, for the {@code x-ratelimit-*} headers;
     * between equals, the one that resets first.
     */
    public Optional<LimitOutcome> tightest(boolean tokens) {
        return outcomes.stream().filter(o -> !o.rule().shadow() && o.rule().kind().countsTokens() == tokens)
                .min(Comparator.comparingLong(LimitOutcome::remaining)
                        .thenComparing(LimitOutcome::resetAfter));
    }
}
