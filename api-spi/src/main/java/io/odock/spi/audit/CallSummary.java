package io.odock.spi.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A finished call, as background plugins see it: never a prompt, a completion or a secret.
 *
 * @param requestId    the request's id
 * @param keyId        the caller's key id
 * @param organization the key's organisation, if any
 * @param team         the key's team, if any
 * @param user         the key's user, if any
 * @param route        the HTTP route
 * @param model        the model the client asked for (empty when the body could not be read)
 * @param provider     the provider entry that answered, if one did
 * @param status       the HTTP status the client got
 * @param errorCode    the error code, when the call failed
 * @param inputTokens  input tokens
 * @param outputTokens output tokens
 * @param cost         the cost as a decimal string in the gateway's currency, when the model is priced
 * @param latencyMs    from arrival to the end of the answer
 * @param endedAt      when it ended
 * @param plugins      what the inspecting plugins did to it
 */
public record CallSummary(String requestId, String keyId, Optional<String> organization, Optional<String> team,
                          Optional<String> user, String route, String model, Optional<String> provider, int status,
                          Optional<String> errorCode, long inputTokens, long outputTokens, Optional<String> cost,
                          long latencyMs, Instant endedAt, List<PluginExecution> plugins) {

    /** Validates the components. */
    public CallSummary {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(errorCode, "errorCode");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(endedAt, "endedAt");
        plugins = List.copyOf(plugins);
    }

    /**
     * One inspecting plugin's execution on a call.
     *
     * @param plugin     the extension's id
     * @param moment     {@code before_routing}, {@code before_upstream}, {@code after_upstream} or {@code stream}
     * @param action     {@code allow}, {@code observe}, {@code redact}, {@code block} or {@code error}
     * @param rules      the ids of the rules behind the action, when the plugin named them
     * @param durationUs how long it took, in microseconds
     */
    public record PluginExecution(String plugin, String moment, String action, List<String> rules, long durationUs) {
        /** Validates the components. */
        public PluginExecution {
            Objects.requireNonNull(plugin, "plugin");
            Objects.requireNonNull(moment, "moment");
            Objects.requireNonNull(action, "action");
            rules = List.copyOf(rules);
        }
    }
}
