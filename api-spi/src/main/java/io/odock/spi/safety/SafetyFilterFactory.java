package io.odock.spi.safety;

import io.odock.spi.plugin.ExtensionFactory;

/**
 * Contributes a SafetySec filter. Every created filter runs on every request, in the order of the {@code safety.order}
 * list when one is configured, else in plugin load order.
 */
public interface SafetyFilterFactory extends ExtensionFactory<SafetyFilter> {
}
