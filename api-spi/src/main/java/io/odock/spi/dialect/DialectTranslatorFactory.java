package io.odock.spi.dialect;

import io.odock.spi.plugin.ExtensionFactory;

/**
 * Contributes the translator for one client dialect. The gateway's routes are fixed in the host (plugins never
 * register endpoints); each route names its dialect ({@code /v1/chat/completions} is {@code openai},
 * {@code /v1/messages} is {@code anthropic}, ...) and uses the translator registered for it.
 */
public interface DialectTranslatorFactory extends ExtensionFactory<DialectTranslator> {

    /** The dialect it translates. */
    String dialect();

    /** By default the id is the dialect. */
    @Override
    default String id() {
        return dialect();
    }
}
