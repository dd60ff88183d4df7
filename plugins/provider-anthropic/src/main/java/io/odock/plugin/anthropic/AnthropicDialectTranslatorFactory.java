package io.odock.plugin.anthropic;

import io.odock.spi.dialect.DialectTranslator;
import io.odock.spi.dialect.DialectTranslatorFactory;
import io.odock.spi.plugin.PluginConfig;
import io.odock.spi.plugin.PluginContext;
import org.pf4j.Extension;

/** Contributes the {@code anthropic} dialect, spoken on the gateway's {@code POST /v1/messages}. */
@Extension
public final class AnthropicDialectTranslatorFactory implements DialectTranslatorFactory {
    /** The dialect's name. */
    public static final String DIALECT = "anthropic";

    @Override
    public String dialect() {
        return DIALECT;
    }

    @Override
    public DialectTranslator create(PluginConfig config, PluginContext context) {
        return new AnthropicDialectTranslator(context.objectMapper());
    }
}
