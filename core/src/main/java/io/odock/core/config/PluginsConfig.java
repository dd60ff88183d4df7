package io.odock.core.config;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code plugins:} section: where plugins are loaded from, and one section per extension id handed to that
 * extension's factory.
 *
 * @param dir      the plugins directory
 * @param sections each extension's settings, by extension id
 */
public record PluginsConfig(Path dir, Map<String, ObjectNode> sections) {
    /** Makes the map immutable. */
    public PluginsConfig {
        sections = Map.copyOf(sections);
    }
}
