package io.odock.spi.model;

import io.odock.spi.Secret;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the gateway calls the upstream for one request: the deployment the router chose. The host fills it
 * from the operator's configuration; adapters must use it rather than anything the client sent.
 *
 * @param providerId the operator's id of the provider entry (used in messages and logs)
 * @param baseUrl    the provider's base URL, without a trailing slash (for OpenAI {@code https://api.openai.com/v1})
 * @param apiKey     the operator's upstream credential; never the client's Odock key
 * @param timeout    the longest the upstream may take to start answering (its response headers); adapters set it
 *                   as the request timeout
 * @param model      the upstream model name: the override of the client's model name
 */
public record UpstreamTarget(String providerId, String baseUrl, Secret apiKey, Duration timeout, String model) {

    /** Validates the components and trims a trailing slash from the base URL. */
    public UpstreamTarget {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(baseUrl, "baseUrl");
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        apiKey = apiKey == null ? Secret.none() : apiKey;
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(model, "model");
    }

    /** Creates a target. */
    public static UpstreamTarget of(String providerId, String baseUrl, Secret apiKey, Duration timeout, String model) {
        return new UpstreamTarget(providerId, baseUrl, apiKey, timeout, model);
    }
}
