package io.odock.core.config;

import java.util.List;
import java.util.Optional;

/**
 * One entry of {@code models:}: a model name clients send, and the deployments that serve it in priority order.
 *
 * @param name        the name clients use (an alias such as {@code my-chat-model})
 * @param deployments the upstream deployments, first choice first
 * @param pricing     the price used to cost usage, if known
 */
public record ModelConfig(String name, List<DeploymentConfig> deployments, Optional<Pricing> pricing) {
    /** Makes the list immutable. */
    public ModelConfig {
        deployments = List.copyOf(deployments);
    }
}
