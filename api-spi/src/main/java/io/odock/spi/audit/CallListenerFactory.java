package io.odock.spi.audit;

import io.odock.spi.plugin.ExtensionFactory;

/** Creates a {@link CallListener}; annotate implementations with PF4J's {@code @Extension}. */
public interface CallListenerFactory extends ExtensionFactory<CallListener> {
}
