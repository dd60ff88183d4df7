package io.odock.plugin.safetysec;

import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.RequestInfo;

import java.util.List;
import java.util.Objects;

/**
 * Picks the policy for a call: the first {@code select} entry that matches, else {@code default}.
 *
 * @param selections the entries, in the order written
 * @param fallback   the {@code default} policy
 */
public record PolicySelector(List<PolicySelection> selections, Policy fallback) {

    /** Validates the components. */
    public PolicySelector {
        selections = List.copyOf(selections);
        Objects.requireNonNull(fallback, "fallback");
    }

    /** The policy this call gets. */
    Policy select(GatewayRequest request, RequestInfo info) {
        for (PolicySelection selection : selections) {
            if (selection.matches(request, info)) {
                return selection.policy();
            }
        }
        return fallback;
    }
}
