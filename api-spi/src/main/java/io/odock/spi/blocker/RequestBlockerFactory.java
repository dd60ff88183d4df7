package io.odock.spi.blocker;

import io.odock.spi.plugin.ExtensionFactory;

/**
 * Contributes a request blocker. Every created blocker sees every authenticated request before routing.
 */
public interface RequestBlockerFactory extends ExtensionFactory<RequestBlocker> {
}
