package io.odock.plugin.openai;

import io.odock.spi.dialect.DialectTranslator;
import io.odock.spi.dialect.DialectTranslatorFactory;
import io.odock.spi.plugin.PluginConfig;
import io.odock.spi.plugin.PluginContext;
import org.pf4j.Extension;

/**
 * Contributes the {@code odock} dialect of the unified endpoint {@code POST /v1/llm/chat}. It lives in this plugin
 * because its request is OpenAI's chat request (plus {@code provider} and {@code top_k}) and its stream is OpenAI's
 * {@code chat.completion.chunk} stream: the same reader and encoder serve both dialects, with no copy.
 */
@Extension
public final class UnifiedDialectTranslatorFactory implements DialectTranslatorFactory {
    /** The dialect's name. */
    public static final String DIALECT = UnifiedDialectTranslator.DIALECT;

    @Override
    public String dialect() {
        return DIALECT;
    }

    @Override
    public DialectTranslator create(PluginConfig config, PluginContext context) {
        return OpenAiCompatible.unifiedTranslator(context.objectMapper());
    }
}
