package io.odock.plugin.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.dialect.DialectTranslator;
import io.odock.spi.provider.ProviderAdapter;
import io.odock.spi.provider.UpstreamClient;

/**
 * What plugins whose upstreams speak OpenAI's wire format build on: an adapter for an {@link CompatibleApi}, and the
 * translator for a dialect that is OpenAI's wire format under another name. Plugins bundle this library; each gets
 * its own copy in its own class loader.
 */
public final class OpenAiCompatible {
    private OpenAiCompatible() {
    }

    /**
     * An adapter calling an OpenAI-compatible API.
     *
     * @param upstream the host's client for upstream calls ({@link io.odock.spi.plugin.PluginContext#upstreamClient()})
     */
    public static ProviderAdapter adapter(CompatibleApi api, UpstreamClient upstream, ObjectMapper json) {
        return new OpenAiProviderAdapter(api, upstream, json);
    }

    /**
     * The translator of an OpenAI-shaped dialect.
     *
     * @param dialect      the dialect's name ({@code openai}, {@code vllm})
     * @param providerType the provider type whose answers are already in this dialect's shape and go back as they
     *                     came
     */
    public static DialectTranslator translator(String dialect, String providerType, ObjectMapper json) {
        return new OpenAiDialectTranslator(dialect, providerType, json);
    }

    /** The translator of the unified endpoint's {@code odock} dialect. */
    public static DialectTranslator unifiedTranslator(ObjectMapper json) {
        return new UnifiedDialectTranslator(json);
    }
}
