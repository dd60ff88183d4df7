package io.odock.core.config;

import io.odock.spi.Secret;

import java.time.Duration;
import java.util.Optional;

/**
 * One upstream deployment behind a model name.
 *
 * @param provider the id of a {@code providers:} entry
 * @param model    the upstream's model name (what the provider calls it)
 * @param weight   its share of traffic under the {@code weighted} strategy (default 1)
 * @param priority its rank under the {@code priority} strategy, lower first (default: its position in the list)
 * @param baseUrl  a base URL for this deployment only, instead of the provider's
 * @param apiKey   an upstream key for this deployment only, instead of the provider's
 * @param timeout  a total timeout for this deployment only, instead of the provider's
 * @param pricing  a price for this deployment only, instead of the model's
 * @param firstByteTimeout a first-byte timeout for this deployment only
 * @param connectTimeout   a connect timeout for this deployment only
 */
public record DeploymentConfig(String provider, String model, int weight, int priority, Optional<String> baseUrl,
                               Optional<Secret> apiKey, Optional<Duration> timeout, Optional<Pricing> pricing,
                               Optional<Duration> firstByteTimeout, Optional<Duration> connectTimeout) {

    /** A deployment without its own first-byte and connect timeouts. */
    public DeploymentConfig(String provider, String model, int weight, int priority, Optional<String> baseUrl,
                            Optional<Secret> apiKey, Optional<Duration> timeout, Optional<Pricing> pricing) {
        this(provider, model, weight, priority, baseUrl, apiKey, timeout, pricing, Optional.empty(), Optional.empty());
    }

    /** A deployment with the defaults: weight 1, priority 0, the provider's URL, key and timeout. */
    public static DeploymentConfig of(String provider, String model) {
        return new DeploymentConfig(provider, model, 1, 0, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }
}
