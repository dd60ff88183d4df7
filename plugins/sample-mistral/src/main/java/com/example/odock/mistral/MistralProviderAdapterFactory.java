package com.example.odock.mistral;

import io.odock.spi.plugin.ConfigKey;
import io.odock.spi.plugin.PluginConfig;
import io.odock.spi.plugin.PluginContext;
import io.odock.spi.provider.ProviderAdapter;
import io.odock.spi.provider.ProviderAdapterFactory;
import org.pf4j.Extension;

import java.util.List;

/**
 * Contributes the provider type {@code mistral}: Mistral AI's chat completions API
 * ({@code POST {baseUrl}/v1/chat/completions}). The operator declares a provider of this type in {@code odock.yaml}:
 *
 * <pre>{@code
 * providers:
 *   - { id: mistral, type: mistral, baseUrl: "https://api.mistral.ai", apiKey: "${MISTRAL_API_KEY}" }
 * }</pre>
 *
 * <p>Settings ({@code plugins.mistral}): {@code safePrompt} (default {@code false}) asks Mistral to prepend its safety
 * prompt to every conversation.
 */
@Extension
public final class MistralProviderAdapterFactory implements ProviderAdapterFactory {
    /** The provider type, and the id of this extension's settings section. */
    public static final String TYPE = "mistral";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(ConfigKey.optional("safePrompt",
                "true to have Mistral prepend its safety prompt to every call (default false)"));
    }

    @Override
    public ProviderAdapter create(PluginConfig config, PluginContext context) {
        MistralPayloads payloads = new MistralPayloads(config.bool("safePrompt").orElse(false));
        return new MistralProviderAdapter(payloads, context.upstreamClient(), context.objectMapper());
    }
}
