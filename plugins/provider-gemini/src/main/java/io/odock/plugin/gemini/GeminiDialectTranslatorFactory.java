package io.odock.plugin.gemini;

import io.odock.spi.dialect.DialectTranslator;
import io.odock.spi.dialect.DialectTranslatorFactory;
import io.odock.spi.plugin.PluginConfig;
import io.odock.spi.plugin.PluginContext;
import org.pf4j.Extension;

/**
 * Contributes the {@code gemini} dialect, spoken on the gateway's Gemini-compatible routes
 * ({@code /v1beta/models/{model}:generateContent} and {@code :streamGenerateContent}, also under {@code /v1/}).
 */
@Extension
public final class GeminiDialectTranslatorFactory implements DialectTranslatorFactory {
    /** The dialect's name. */
    public static final String DIALECT = "gemini";

    @Override
    public String dialect() {
        return DIALECT;
    }

    @Override
    public DialectTranslator create(PluginConfig config, PluginContext context) {
        return new GeminiDialectTranslator(context.objectMapper());
    }
}
