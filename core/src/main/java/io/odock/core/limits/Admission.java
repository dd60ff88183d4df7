package io.odock.core.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict of every applicable rule on one request, and what the admission took from token buckets so the real
 * usage can be settled afterwards. Its questions are asked on every call, so they are plain loops over the outcomes
 * (their stream pipelines showed in profiles of the request path).
 */
public final class Admission {

    private static final Admission NONE = new Admission(List.of(), 0, List.of());
    /** Least remaining first, then the shortest window, then the soonest reset. */
    private static final Comparator<LimitOutcome> TIGHTEST_FIRST = Comparator.comparingLong(LimitOutcome::remaining)
            .thenComparing(outcome -> outcome.rule().kind().window().getDuration())
            .thenComparing(LimitOutcome::resetAfter, Comparator.<Duration>naturalOrder());

    private final List<LimitOutcome> outcomes;
    private final long estimatedTokens;
    private final List<TokenCharge> charges;

    Admission(List<LimitOutcome> outcomes, long estimatedTokens, List<TokenCharge> charges) {
        this.outcomes = List.copyOf(outcomes);
        this.estimatedTokens = estimatedTokens;
        this.charges = List.copyOf(charges);
    }

    /** An admission judged by no rule: allowed, nothing to settle. */
    public static Admission none() {
        return NONE;
    }

    /** Every applicable rule's outcome, in rule order. */
    public List<LimitOutcome> outcomes() {
        return outcomes;
    }

    /** The token estimate the request was admitted with. */
    public long estimatedTokens() {
        return estimatedTokens;
    }

    /**
     * The exceeded outcome of an enforced rule that refuses the request, if any. Among several, the one that
     * resets last, so that a Retry-After built from it is honest.
     */
    public Optional<LimitOutcome> refusal() {
        LimitOutcome latest = null;
        for (LimitOutcome outcome : outcomes) {
            if (outcome.exceeded() && !outcome.rule().shadow()
                    && (latest == null || outcome.resetAfter().compareTo(latest.resetAfter()) > 0)) {
                latest = outcome;
            }
        }
        return Optional.ofNullable(latest);
    }

    /** The exceeded outcomes of shadow rules: reported, never refusing. */
    public List<LimitOutcome> shadowExceeded() {
        List<LimitOutcome> exceeded = null;
        for (LimitOutcome outcome : outcomes) {
            if (outcome.exceeded() && outcome.rule().shadow()) {
                if (exceeded == null) {
                    exceeded = new ArrayList<>(2);
                }
                exceeded.add(outcome);
            }
        }
        return exceeded == null ? List.of() : Collections.unmodifiableList(exceeded);
    }

    /**
     * Among enforced rules counting tokens ({@code tokens}) or requests, the one with the least remaining, ties
     * going to the shortest window: what the {@code x-ratelimit-*} headers describe.
     */
    public Optional<LimitOutcome> tightest(boolean tokens) {
        LimitOutcome tightest = null;
        for (LimitOutcome outcome : outcomes) {
            if (!outcome.rule().shadow() && outcome.rule().kind().countsTokens() == tokens
                    && (tightest == null || TIGHTEST_FIRST.compare(outcome, tightest) < 0)) {
                tightest = outcome;
            }
        }
        return Optional.ofNullable(tightest);
    }

    /** What the admission took from token buckets; empty when it was refused, since a refusal gives all back. */
    List<TokenCharge> charges() {
        return charges;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Admission that
                && outcomes.equals(that.outcomes)
                && estimatedTokens == that.estimatedTokens
                && charges.equals(that.charges);
    }

    @Override
    public int hashCode() {
        return Objects.hash(outcomes, estimatedTokens, charges);
    }

    @Override
    public String toString() {
        return "Admission[outcomes=" + outcomes + ", estimatedTokens=" + estimatedTokens + "]";
    }
}
