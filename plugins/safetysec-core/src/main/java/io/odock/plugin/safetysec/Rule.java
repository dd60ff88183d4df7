package io.odock.plugin.safetysec;

import java.util.Objects;

/**
 * A named rule: what a finding is reported as and which policy entries apply to it.
 *
 * @param id            the stable id, such as {@code pii.email}
 * @param group         the policy group whose entry applies when the policy does not name the id: {@code pii},
 *                      {@code secrets}, {@code injection}, {@code leakage} or {@code custom}
 * @param category      the kind reported with a finding; the group, except for custom rules, which name their own
 * @param defaultAction what it does when no policy names its id or group
 */
public record Rule(String id, String group, String category, Action defaultAction) {

    /** Validates the components. */
    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(defaultAction, "defaultAction");
    }

    /** A built-in rule, whose group is also its category. */
    static Rule builtIn(String id, String group, Action defaultAction) {
        return new Rule(id, group, group, defaultAction);
    }
}
