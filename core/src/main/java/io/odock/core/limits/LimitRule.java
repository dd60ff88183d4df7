package io.odock.core.limits;

import io.odock.core.keys.Scope;
import io.odock.core.keys.NamePatterns;
import java.util.Objects;
import java.util.Optional;

/**
 * One limit attached to a scope of the principal chain.
 *
 * @param scope  the organisation, team, user or key the limit belongs to
 * @param kind   what is counted and over which window
 * @param limit  how many requests or tokens the window allows, positive
 * @param model  when present, the rule applies only to this model, or to models starting with its prefix when it
 *               ends in {@code *} ({@code *} alone matches every model); such a rule has its own bucket
 * @param shadow true when the rule is evaluated and reported but never refuses a request
 */
public record LimitRule(Scope scope, LimitKind kind, long limit, Optional<String> model, boolean shadow) {


    /** Validates the components. */
    public LimitRule {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(model, "model");
        if (limit <= 0) {
            throw new IllegalArgumentException("a limit must be positive, got " + limit);
        }
        if (model.isPresent() && model.get().isBlank()) {
            throw new IllegalArgumentException("a model pattern must not be blank");
        }
    }

    /** True when a request for {@code requestModel} counts against this rule. */
    public boolean appliesTo(String requestModel) {
        return model.isEmpty() || NamePatterns.matches(model.get(), requestModel == null ? "" : requestModel);
    }
}
