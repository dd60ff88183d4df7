package io.odock.plugin.anthropic;

import io.odock.spi.plugin.PluginConfig;
import io.odock.spi.plugin.PluginContext;
import io.odock.spi.provider.ProviderAdapter;
import io.odock.spi.provider.ProviderAdapterFactory;
import org.pf4j.Extension;

/**
 * Contributes the {@code anthropic} provider type: Anthropic's Messages API. Its plugin section may set
 * {@code defaultMaxTokens} (4096 when absent), sent when a client of another dialect gave no limit, since Anthropic
 * requires one.
 */
@Extension
public final class AnthropicProviderAdapterFactory implements ProviderAdapterFactory {
    /** The provider type. */
    public static final String TYPE = "anthropic";
    private static final long DEFAULT_MAX_TOKENS = 4096;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ProviderAdapter create(PluginConfig config, PluginContext context) {
        long maxTokens = config.number("defaultMaxTokens").orElse(DEFAULT_MAX_TOKENS);
        if (maxTokens < 1) {
            throw new IllegalArgumentException("defaultMaxTokens must be at least 1");
        }
        return new AnthropicProviderAdapter(context.upstreamClient(), context.objectMapper(), (int) maxTokens);
    }
}
