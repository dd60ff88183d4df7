package io.odock.core.plugins;

import java.util.List;

/**
 * A plugin found in {@code plugins/}, as {@code bin/odock plugins} and the admin API show it.
 *
 * @param id          the plugin id
 * @param version     the plugin's version
 * @param state       PF4J's state ({@code STARTED} when it serves)
 * @param path        where it was loaded from
 * @param description the plugin's description
 * @param extensions  the extensions it contributes and the gateway created
 */
public record LoadedPlugin(String id, String version, String state, String path, String description,
                           List<Extension> extensions) {

    /** Makes the list immutable. */
    public LoadedPlugin {
        extensions = List.copyOf(extensions);
    }

    /**
     * One created extension.
     *
     * @param kind {@code provider}, {@code dialect}, {@code safety} or {@code blocker}
     * @param id   its id (the provider type, the dialect, or the factory id)
     */
    public record Extension(String kind, String id) {
    }
}
