package io.odock.plugin.vllm;

import io.odock.plugin.openai.OpenAiCompatible;
import io.odock.spi.dialect.DialectTranslator;
import io.odock.spi.dialect.DialectTranslatorFactory;
import io.odock.spi.plugin.PluginConfig;
import io.odock.spi.plugin.PluginContext;
import org.pf4j.Extension;

/**
 * Contributes the {@code vllm} dialect of the {@code /v1/vllm/...} routes: OpenAI's wire format with vLLM's extra
 * fields kept, its extra endpoints answered as vLLM answers them, and OpenAI's error shape (which vLLM uses).
 */
@Extension
public final class VllmDialectTranslatorFactory implements DialectTranslatorFactory {
    /** The dialect's name. */
    public static final String DIALECT = "vllm";

    @Override
    public String dialect() {
        return DIALECT;
    }

    @Override
    public DialectTranslator create(PluginConfig config, PluginContext context) {
        return OpenAiCompatible.translator(DIALECT, VllmProviderAdapterFactory.TYPE, context.objectMapper());
    }
}
