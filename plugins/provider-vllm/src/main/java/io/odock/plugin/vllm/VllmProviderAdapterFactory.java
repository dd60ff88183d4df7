package io.odock.plugin.vllm;

import io.odock.plugin.openai.OpenAiCompatible;
import io.odock.spi.plugin.PluginConfig;
import io.odock.spi.plugin.PluginContext;
import io.odock.spi.provider.ProviderAdapter;
import io.odock.spi.provider.ProviderAdapterFactory;
import org.pf4j.Extension;

/**
 * Contributes the {@code vllm} provider type: a self-hosted vLLM server. The provider entry's {@code apiKey} is the
 * server's {@code --api-key}, if it has one.
 */
@Extension
public final class VllmProviderAdapterFactory implements ProviderAdapterFactory {
    /** The provider type. */
    public static final String TYPE = "vllm";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ProviderAdapter create(PluginConfig config, PluginContext context) {
        return OpenAiCompatible.adapter(VllmApi.API, context.upstreamClient(), context.objectMapper());
    }
}
