package io.odock.plugin.safetysec;

import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.RequestInfo;

import java.util.Map;
import java.util.Objects;

/**
 * One {@code select} entry: the policy a call gets when all of the entry's conditions hold.
 *
 * @param conditions what the call must match, by attribute
 * @param policy     the policy it then gets
 */
public record PolicySelection(Map<CallerAttribute, NamePattern> conditions, Policy policy) {

    /** Validates the components. */
    public PolicySelection {
        conditions = Map.copyOf(conditions);
        Objects.requireNonNull(policy, "policy");
        if (conditions.isEmpty()) {
            throw new IllegalArgumentException("a selection needs at least one condition");
        }
    }

    /** Whether every condition holds for this call; a condition on something the call lacks does not hold. */
    boolean matches(GatewayRequest request, RequestInfo info) {
        for (Map.Entry<CallerAttribute, NamePattern> condition : conditions.entrySet()) {
            boolean holds = condition.getKey().valueOf(request, info)
                    .map(value -> condition.getValue().matches(value))
                    .orElse(false);
            if (!holds) {
                return false;
            }
        }
        return true;
    }
}
