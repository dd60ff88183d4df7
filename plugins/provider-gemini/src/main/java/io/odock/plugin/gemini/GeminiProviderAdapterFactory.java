package io.odock.plugin.gemini;

import io.odock.spi.plugin.PluginConfig;
import io.odock.spi.plugin.PluginContext;
import io.odock.spi.provider.ProviderAdapter;
import io.odock.spi.provider.ProviderAdapterFactory;
import org.pf4j.Extension;

/**
 * Contributes the {@code gemini} provider type: Google's Gemini API, configured with a base URL such as
 * {@code https://generativelanguage.googleapis.com/v1beta} and an API key.
 */
@Extension
public final class GeminiProviderAdapterFactory implements ProviderAdapterFactory {
    /** The provider type. */
    public static final String TYPE = "gemini";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ProviderAdapter create(PluginConfig config, PluginContext context) {
        return new GeminiProviderAdapter(context.upstreamClient(), context.objectMapper());
    }
}
