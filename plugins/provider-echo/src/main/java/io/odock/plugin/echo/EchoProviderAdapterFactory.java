package io.odock.plugin.echo;

import io.odock.spi.plugin.ConfigKey;
import io.odock.spi.plugin.PluginConfig;
import io.odock.spi.plugin.PluginContext;
import io.odock.spi.provider.ProviderAdapter;
import io.odock.spi.provider.ProviderAdapterFactory;
import org.pf4j.Extension;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Contributes the {@code echo} provider type: a local stand-in that answers every call by echoing the last user
 * message, streams word by word and reports usage like a real model. It needs no network and no key, so the shipped
 * configuration's {@code demo} model works anywhere. It declares itself compatible with every route type, since it
 * answers in whatever dialect the client speaks.
 *
 * <p>Settings ({@code plugins.echo} in {@code odock.yaml}): {@code prefix} (default {@code "Echo: "}) and
 * {@code streamDelay} (pause between streamed words, default {@code 0ms}).
 */
@Extension
public final class EchoProviderAdapterFactory implements ProviderAdapterFactory {
    /** The provider type. */
    public static final String TYPE = "echo";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> compatibleTypes() {
        return Set.of(TYPE, "openai", "anthropic", "gemini", "vllm");
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(ConfigKey.optional("prefix", "text put before the echoed message (default \"Echo: \")"),
                ConfigKey.optional("streamDelay", "pause between streamed words, such as 20ms (default 0ms)"));
    }

    @Override
    public ProviderAdapter create(PluginConfig config, PluginContext context) {
        return new EchoProviderAdapter(config.string("prefix").orElse("Echo: "),
                config.duration("streamDelay").orElse(Duration.ZERO));
    }
}
