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
 * @param timeout          the longest the whole call may take, a streamed answer included; the host's
 *                         {@link io.odock.spi.provider.UpstreamClient} bounds a complete answer by it, and the host
 *                         ends a stream that runs past it
 * @param model            the upstream model name: the override of the client's model name
 * @param firstByteTimeout the longest the upstream may take to start answering (its response headers); the
 *                         upstream client applies it to streams
 * @param connectTimeout   the longest a connection to the upstream may take; the upstream client applies it
 */
public record UpstreamTarget(String providerId, String baseUrl, Secret apiKey, Duration timeout, String model,
                             Duration firstByteTimeout, Duration connectTimeout) {

    /** Validates the components and trims a trailing slash from the base URL. */
    public UpstreamTarget {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(baseUrl, "baseUrl");
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        apiKey = apiKey == null ? Secret.none() : apiKey;
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(model, "model");
        firstByteTimeout = firstByteTimeout == null || firstByteTimeout.compareTo(timeout) > 0 ? timeout
                : firstByteTimeout;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    }

    /** A target whose first byte may take the whole timeout, with a 10 s connect timeout. */
    public static UpstreamTarget of(String providerId, String baseUrl, Secret apiKey, Duration timeout, String model) {
        return new UpstreamTarget(providerId, baseUrl, apiKey, timeout, model, timeout, Duration.ofSeconds(10));
    }

    /** A target with every timeout given. */
    public static UpstreamTarget of(String providerId, String baseUrl, Secret apiKey, Duration timeout, String model,
                                    Duration firstByteTimeout, Duration connectTimeout) {
        return new UpstreamTarget(providerId, baseUrl, apiKey, timeout, model, firstByteTimeout, connectTimeout);
    }

    /** The same target with other credentials or base URL (a caller bringing its own). */
    public UpstreamTarget with(String newBaseUrl, Secret newApiKey) {
        return new UpstreamTarget(providerId, newBaseUrl, newApiKey, timeout, model, firstByteTimeout, connectTimeout);
    }

    /** The same target with its timeouts cut to at most {@code limit} (a caller asking for less). */
    public UpstreamTarget limitedTo(Duration limit) {
        Duration total = limit.compareTo(timeout) < 0 ? limit : timeout;
        return new UpstreamTarget(providerId, baseUrl, apiKey, total, model,
                firstByteTimeout.compareTo(total) < 0 ? firstByteTimeout : total, connectTimeout);
    }
}
