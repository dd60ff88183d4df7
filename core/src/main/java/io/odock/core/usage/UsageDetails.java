package io.odock.core.usage;

import io.odock.core.keys.KeyOwner;
import io.odock.spi.audit.CallSummary;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a usage record says beyond tokens and timing: who the key belongs to, the exact cost with the pricing it used,
 * where the numbers came from, and which shadow-mode limits the call exceeded.
 *
 * @param owner             the key's organisation, team and user when the call was made
 * @param reasoningTokens   output tokens spent reasoning, when the provider reports them
 * @param costNanos         the exact cost in nano-units of {@code currency}, when the model is priced
 * @param currency          the currency of the cost
 * @param pricing           the prices used (names as in the admin API), empty when unpriced
 * @param providerRequestId the upstream's own request id
 * @param estimated         whether the tokens are the gateway's estimate (a stream cut before its usage arrived)
 * @param limitEvents       shadow-mode limits and budgets exceeded, as {@code scope:limit}
 * @param plugins           what the inspecting plugins did (plugin, moment, action, rules, duration)
 * @param mcp               for an MCP call: its method, tool, transport and bytes
 */
public record UsageDetails(KeyOwner owner, long reasoningTokens, Optional<Long> costNanos, Optional<String> currency,
                           Map<String, String> pricing, Optional<String> providerRequestId, boolean estimated,
                           List<String> limitEvents, List<CallSummary.PluginExecution> plugins,
                           Optional<McpUsage> mcp) {
    /** Nothing beyond the basics. */
    public static final UsageDetails NONE = new UsageDetails(KeyOwner.nobody(), 0, Optional.empty(), Optional.empty(),
            Map.of(), Optional.empty(), false, List.of(), List.of(), Optional.empty());

    /** Details of a model call. */
    public UsageDetails(KeyOwner owner, long reasoningTokens, Optional<Long> costNanos, Optional<String> currency,
                        Map<String, String> pricing, Optional<String> providerRequestId, boolean estimated,
                        List<String> limitEvents, List<CallSummary.PluginExecution> plugins) {
        this(owner, reasoningTokens, costNanos, currency, pricing, providerRequestId, estimated, limitEvents, plugins,
                Optional.empty());
    }

    /** Details without plugin executions. */
    public UsageDetails(KeyOwner owner, long reasoningTokens, Optional<Long> costNanos, Optional<String> currency,
                        Map<String, String> pricing, Optional<String> providerRequestId, boolean estimated,
                        List<String> limitEvents) {
        this(owner, reasoningTokens, costNanos, currency, pricing, providerRequestId, estimated, limitEvents,
                List.of());
    }

    /** Validates the components. */
    public UsageDetails {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(costNanos, "costNanos");
        Objects.requireNonNull(currency, "currency");
        pricing = Map.copyOf(pricing);
        Objects.requireNonNull(providerRequestId, "providerRequestId");
        limitEvents = List.copyOf(limitEvents);
        plugins = List.copyOf(plugins);
        Objects.requireNonNull(mcp, "mcp");
    }
}
