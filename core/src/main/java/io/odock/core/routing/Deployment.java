package io.odock.core.routing;

import io.odock.core.config.DeploymentConfig;
import io.odock.core.config.Pricing;
import io.odock.core.config.ProviderConfig;
import io.odock.core.plugins.ProviderBinding;
import io.odock.spi.model.UpstreamTarget;

import java.time.Duration;
import java.util.Optional;

/**
 * One upstream deployment a model can be sent to, resolved at start-up: the provider entry, the adapter serving its
 * type, and the deployment's own settings.
 *
 * @param index    its position among all deployments of the gateway, a cheap key for per-deployment state
 * @param provider the operator's provider entry
 * @param binding  the adapter for the provider's type
 * @param config   the deployment's settings (upstream model, weight, priority, overrides)
 * @param pricing  its price: its own, else the model's
 * @param defaultConnectTimeout {@code upstream.connectTimeout}, for providers and deployments that set none
 */
public record Deployment(int index, ProviderConfig provider, ProviderBinding binding, DeploymentConfig config,
                         Optional<Pricing> pricing, Duration defaultConnectTimeout) {

    /** The provider's name for the model. */
    public String upstreamModel() {
        return config.model();
    }

    /** Where an adapter sends a call for this deployment: the deployment's overrides, else the provider's settings. */
    public UpstreamTarget target() {
        Duration total = config.timeout().orElse(provider.timeout());
        return UpstreamTarget.of(provider.id(), config.baseUrl().orElse(provider.baseUrl()),
                config.apiKey().orElse(provider.apiKey()), total, config.model(),
                config.firstByteTimeout().or(provider::firstByteTimeout).orElse(total),
                config.connectTimeout().or(provider::connectTimeout).orElse(defaultConnectTimeout));
    }
}
