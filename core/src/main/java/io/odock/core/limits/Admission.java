package io.odock.core.limits;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict of every applicable rule on one request, and what the admission took from token buckets so the real
 * usage can be settled afterwards.
 */
public final class Admission {

    private static final Admission NONE = new Admission(List.of(), 0, List.of());

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
        return outcomes.stream()
                .filter(outcome -> outcome.exceeded() && !outcome.rule().shadow())
                .max(Comparator.comparing(LimitOutcome::resetAfter));
    }

    /** The exceeded outcomes of shadow rules: reported, never refusing. */
    public List<LimitOutcome> shadowExceeded() {
        return outcomes.stream().filter(outcome -> outcome.exceeded() && outcome.rule().shadow()).toList();
    }

    /**
     * Among enforced rules counting tokens ({@code tokens}) or requests, the one with the least remaining, ties
     * going to the shortest window: what the {@code x-ratelimit-*} headers describe.
     */
    public Optional<LimitOutcome> tightest(boolean tokens) {
        return outcomes.stream()
                .filter(outcome -> !outcome.rule().shadow() && outcome.rule().kind().countsTokens() == tokens)
                .min(Comparator.comparingLong(LimitOutcome::remaining)
                        .thenComparing(outcome -> outcome.rule().kind().window().getDuration())
                        .thenComparing(LimitOutcome::resetAfter, Comparator.<Duration>naturalOrder()));
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
