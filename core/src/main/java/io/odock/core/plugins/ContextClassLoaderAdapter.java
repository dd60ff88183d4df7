package io.odock.core.plugins;

import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.provider.ProviderAdapter;
import io.odock.spi.stream.EventStream;
import io.odock.spi.stream.StreamEvent;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs an adapter's calls with its plugin's class loader as the thread's context class loader, so libraries inside
 * the plugin that look up classes or services through it (HTTP clients, SDKs) find the plugin's own copies.
 */
final class ContextClassLoaderAdapter implements ProviderAdapter {
    private final ProviderAdapter delegate;
    private final ClassLoader loader;

    ContextClassLoaderAdapter(ProviderAdapter delegate, ClassLoader loader) {
        this.delegate = delegate;
        this.loader = loader;
    }

    @Override
    public GatewayResponse complete(GatewayRequest request) {
        return within(() -> delegate.complete(request));
    }

    @Override
    public EventStream stream(GatewayRequest request) {
        EventStream stream = within(() -> delegate.stream(request));
        return new EventStream() {
            @Override
            public Optional<StreamEvent> next() throws IOException {
                Thread thread = Thread.currentThread();
                ClassLoader previous = thread.getContextClassLoader();
                thread.setContextClassLoader(loader);
                try {
                    return stream.next();
                } finally {
                    thread.setContextClassLoader(previous);
                }
            }

            @Override
            public Optional<String> providerRequestId() {
                return stream.providerRequestId();
            }

            @Override
            public void close() {
                within(() -> {
                    stream.close();
                    return null;
                });
            }
        };
    }

    private <T> T within(Supplier<T> call) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return call.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
