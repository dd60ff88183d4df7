package io.odock.core.limits;

import io.odock.core.keys.NamePatterns;
import io.odock.core.keys.Scope;

import java.util.Objects;
import java.util.Optional;

/**
 * One limit on one scope: so many requests or tokens per window.
 *
 * @param scope  whose requests it counts
 * @param kind   what it counts, over which window
 * @param limit  how many
 * @param model  when present, it counts only requests for models matching this name or {@code prefix*}, in a bucket
 *               of its own
 * @param shadow evaluated and reported, never refusing
 */
public record LimitRule(Scope scope, LimitKind kind, long limit, Optional<String> model, boolean shadow) {

    /** Validates the components. */
    public LimitRule {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(model, "model");
        if (limit < 1) {
            throw new IllegalArgumentException("a limit is at least 1");
        }
    }

    /** Whether it counts a request for this model. */
    public boolean appliesTo(String requestModel) {
        return model.isEmpty() || NamePatterns.matches(model.get(), requestModel);
    }
}
