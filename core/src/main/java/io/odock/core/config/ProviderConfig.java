package io.odock.core.config;

import io.odock.spi.Secret;

import java.time.Duration;
import java.util.Optional;

/**
 * One entry of {@code providers:}: an upstream account the gateway calls with the operator's credentials.
 *
 * @param id      the name models refer to
 * @param type    the provider type, served by the provider plugin of that type ({@code openai}, {@code echo}, ...)
 * @param baseUrl the upstream's base URL
 * @param apiKey  the operator's upstream key (usually {@code ${OPENAI_API_KEY}})
 * @param timeout          the longest a whole call may take, streams included
 * @param firstByteTimeout the longest the upstream may take to start answering (its response headers)
 * @param connectTimeout   the longest a connection may take; {@code upstream.connectTimeout} when unset
 */
public record ProviderConfig(String id, String type, String baseUrl, Secret apiKey, Duration timeout,
                             Optional<Duration> firstByteTimeout, Optional<Duration> connectTimeout) {

    /** A provider whose first byte may take the whole timeout and whose connect timeout is the gateway's. */
    public ProviderConfig(String id, String type, String baseUrl, Secret apiKey, Duration timeout) {
        this(id, type, baseUrl, apiKey, timeout, Optional.empty(), Optional.empty());
    }
    /** The default upstream timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(600);
}
