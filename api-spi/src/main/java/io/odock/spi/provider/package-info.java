/**
 * Provider adapters: how the gateway calls an upstream model provider. See
 * {@link io.odock.spi.provider.ProviderAdapterFactory}.
 */
package io.odock.spi.provider;
