package io.odock.spi.safety;

import io.odock.spi.plugin.ExtensionFactory;

/**
 * Contributes a SafetySec filter. Every created filter runs on every request, in the order of their plugins' ids and
 * then their factories' ids, so the order is the same on every instance.
 */
public interface SafetyFilterFactory extends ExtensionFactory<SafetyFilter> {
}
