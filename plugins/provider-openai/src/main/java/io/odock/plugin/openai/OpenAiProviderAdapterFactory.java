package io.odock.plugin.openai;

import io.odock.spi.plugin.PluginConfig;
import io.odock.spi.plugin.PluginContext;
import io.odock.spi.provider.ProviderAdapter;
import io.odock.spi.provider.ProviderAdapterFactory;
import org.pf4j.Extension;

/** Contributes the {@code openai} provider type: the OpenAI API, or any server that speaks it exactly. */
@Extension
public final class OpenAiProviderAdapterFactory implements ProviderAdapterFactory {
    /** The provider type. */
    public static final String TYPE = "openai";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ProviderAdapter create(PluginConfig config, PluginContext context) {
        return OpenAiCompatible.adapter(CompatibleApi.OPENAI, context.upstreamClient(), context.objectMapper());
    }
}
