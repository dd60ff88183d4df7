package io.odock.plugin.blocker;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A node of the plugin's section with its path ({@code plugins.blocker-rules.rules[2].allowed.from}), so every
 * configuration error names the exact key to fix.
 *
 * @param path where the node is, from the top of {@code odock.yaml}
 * @param node the node; may be a missing or null node
 */
record ConfigNode(String path, JsonNode node) {

    /** The child {@code key}; its node is missing when the key is absent. */
    ConfigNode field(String key) {
        return new ConfigNode(path + "." + key, node.path(key));
    }

    /** Whether the key is absent or null. */
    boolean isAbsent() {
        return node.isMissingNode() || node.isNull();
    }

    /** An error about this key. */
    IllegalArgumentException error(String problem) {
        return new IllegalArgumentException(path + ": " + problem);
    }

    /** Refuses keys other than {@code known}: a misspelt key in a blocking rule would silently weaken it. */
    void requireOnly(Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw field(name).error("not a known key (known: " + String.join(", ", known.stream().sorted().toList())
                        + ")");
            }
        }
    }

    /** Requires an object. */
    ConfigNode object() {
        if (!node.isObject()) {
            throw error("must be a map of keys, such as { name: x-project, required: true }");
        }
        return this;
    }

    /** A text value, if present. */
    Optional<String> text() {
        if (isAbsent()) {
            return Optional.empty();
        }
        if (!node.isValueNode() || node.asText().isBlank()) {
            throw error("must be a non-empty text value");
        }
        return Optional.of(node.asText());
    }

    /** A text value that must be present. */
    String requiredText() {
        return text().orElseThrow(() -> error("is required"));
    }

    /** A boolean, or {@code otherwise} when absent. */
    boolean bool(boolean otherwise) {
        if (isAbsent()) {
            return otherwise;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        throw error("must be true or false");
    }

    /** A list of values, each converted by {@code convert} (which throws {@link IllegalArgumentException}). */
    <T> List<T> list(Function<String, T> convert) {
        if (isAbsent()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw error("must be a list, such as [ a, b ]");
        }
        List<T> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            ConfigNode element = new ConfigNode(path + "[" + i + "]", node.get(i));
            String text = element.requiredText();
            try {
                values.add(convert.apply(text));
            } catch (IllegalArgumentException e) {
                throw element.error(e.getMessage());
            }
        }
        return values;
    }
}
