package io.odock.core.config;

import java.util.List;
import java.util.Optional;

/**
 * One entry of {@code models:}: a model name clients send, and the deployments that serve it.
 *
 * @param name        the name clients use (an alias such as {@code my-chat-model})
 * @param routing     how the deployments are ordered for each call
 * @param deployments the upstream deployments
 * @param pricing     the price used to cost usage, if known (a deployment may have its own)
 * @param failover    when and how a failed call is tried again
 * @param maxOutputTokens the model's output ceiling, reserved against budgets when a request sets no max_tokens
 */
public record ModelConfig(String name, RoutingStrategy routing, List<DeploymentConfig> deployments,
                          Optional<Pricing> pricing, FailoverConfig failover, Optional<Integer> maxOutputTokens) {

    /** A model without an output ceiling. */
    public ModelConfig(String name, RoutingStrategy routing, List<DeploymentConfig> deployments,
                       Optional<Pricing> pricing, FailoverConfig failover) {
        this(name, routing, deployments, pricing, failover, Optional.empty());
    }

    /** A model with the default failover. */
    public ModelConfig(String name, RoutingStrategy routing, List<DeploymentConfig> deployments,
                       Optional<Pricing> pricing) {
        this(name, routing, deployments, pricing, FailoverConfig.DEFAULT);
    }
    /** Makes the list immutable. */
    public ModelConfig {
        deployments = List.copyOf(deployments);
    }
}
