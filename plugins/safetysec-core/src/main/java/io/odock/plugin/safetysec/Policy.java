package io.odock.plugin.safetysec;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A named set of actions by rule id or rule group. A policy other than {@code default} inherits what it does not name
 * from {@code default}, and {@code default} from each rule's built-in action.
 *
 * @param name    its name under {@code policies}
 * @param actions action by rule id or group name
 * @param parent  the policy it falls back to
 */
public record Policy(String name, Map<String, Action> actions, Optional<Policy> parent) {

    /** Validates the components. */
    public Policy {
        Objects.requireNonNull(name, "name");
        actions = Map.copyOf(actions);
        Objects.requireNonNull(parent, "parent");
    }

    /** The action for a rule: its own id's entry, else its group's, else the parent's answer, else its default. */
    Action actionFor(Rule rule) {
        Action byId = actions.get(rule.id());
        if (byId != null) {
            return byId;
        }
        Action byGroup = actions.get(rule.group());
        if (byGroup != null) {
            return byGroup;
        }
        return parent.map(p -> p.actionFor(rule)).orElse(rule.defaultAction());
    }
}
