package io.odock.core.routing;

import io.odock.core.config.Pricing;
import io.odock.core.config.ProviderConfig;
import io.odock.core.plugins.ProviderBinding;
import io.odock.spi.model.UpstreamTarget;

import java.util.Optional;

/**
 * One upstream deployment a model can be sent to, resolved at start-up: the provider entry, the adapter serving its
 * type, and the upstream model name.
 *
 * @param provider      the operator's provider entry
 * @param binding       the adapter for the provider's type
 * @param upstreamModel the provider's name for the model
 * @param pricing       the model's price, if configured
 */
public record Deployment(ProviderConfig provider, ProviderBinding binding, String upstreamModel,
                         Optional<Pricing> pricing) {

    /** Where an adapter sends a call for this deployment. */
    public UpstreamTarget target() {
        return UpstreamTarget.of(provider.id(), provider.baseUrl(), provider.apiKey(), provider.timeout(),
                upstreamModel);
    }
}
