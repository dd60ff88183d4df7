package io.odock.core.plugins;

import io.odock.spi.provider.ProviderAdapter;

import java.util.Set;

/**
 * The adapter serving one provider type.
 *
 * @param type            the provider type
 * @param compatibleTypes the route provider types it may serve (see
 *                        {@link io.odock.spi.provider.ProviderAdapterFactory#compatibleTypes()})
 * @param adapter         the adapter, running under its plugin's class loader
 * @param pluginId        the plugin it came from
 */
public record ProviderBinding(String type, Set<String> compatibleTypes, ProviderAdapter adapter, String pluginId) {
    /** Makes the set immutable. */
    public ProviderBinding {
        compatibleTypes = Set.copyOf(compatibleTypes);
    }

    /** Whether this adapter may serve a route that requires the given provider type. */
    public boolean serves(String requiredType) {
        return type.equals(requiredType) || compatibleTypes.contains(requiredType);
    }
}
