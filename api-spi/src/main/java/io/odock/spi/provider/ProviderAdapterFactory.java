package io.odock.spi.provider;

import io.odock.spi.plugin.ExtensionFactory;

import java.util.Set;

/**
 * Contributes the adapter for one provider type ({@code openai}, {@code anthropic}, ...). The operator declares
 * providers of that type in {@code odock.yaml}:
 *
 * <pre>{@code
 * providers:
 *   - { id: openai, type: openai, baseUrl: https://api.openai.com/v1, apiKey: ${OPENAI_API_KEY}, timeout: 60s }
 * }</pre>
 *
 * <p>One adapter instance serves every provider entry of its type: the entry's base URL, key and timeout reach it in
 * each request's {@link io.odock.spi.model.UpstreamTarget}.
 */
public interface ProviderAdapterFactory extends ExtensionFactory<ProviderAdapter> {

    /** The provider type, the value of {@code type:} in a provider entry. */
    String type();

    /** By default the id is the type. */
    @Override
    default String id() {
        return type();
    }

    /**
     * The provider types whose compatible routes this adapter may serve. A route with a required provider (the
     * OpenAI-compatible routes require {@code openai}) only routes to deployments whose adapter lists that type. By
     * default only the adapter's own type; a local stand-in that answers every dialect lists several.
     */
    default Set<String> compatibleTypes() {
        return Set.of(type());
    }
}
