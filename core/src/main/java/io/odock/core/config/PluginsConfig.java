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
 * @param order    {@code plugins.order}: the extension ids in the order blockers and SafetySec filters run (unlisted
 *                 ones run after them, by id)
 */
public record PluginsConfig(Path dir, Map<String, ObjectNode> sections, java.util.List<String> order) {
    /** Makes the collections immutable. */
    public PluginsConfig {
        sections = Map.copyOf(sections);
        order = java.util.List.copyOf(order);
    }

    /** Plugins in the default order. */
    public PluginsConfig(Path dir, Map<String, ObjectNode> sections) {
        this(dir, sections, java.util.List.of());
    }
}
