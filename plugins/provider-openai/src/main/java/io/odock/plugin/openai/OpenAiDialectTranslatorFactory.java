package io.odock.plugin.openai;

import io.odock.spi.dialect.DialectTranslator;
import io.odock.spi.dialect.DialectTranslatorFactory;
import io.odock.spi.plugin.PluginConfig;
import io.odock.spi.plugin.PluginContext;
import org.pf4j.Extension;

/** Contributes the {@code openai} dialect, spoken on the gateway's OpenAI-compatible routes. */
@Extension
public final class OpenAiDialectTranslatorFactory implements DialectTranslatorFactory {
    /** The dialect's name. */
    public static final String DIALECT = "openai";

    @Override
    public String dialect() {
        return DIALECT;
    }

    @Override
    public DialectTranslator create(PluginConfig config, PluginContext context) {
        return OpenAiCompatible.translator(DIALECT, OpenAiProviderAdapterFactory.TYPE, context.objectMapper());
    }
}
