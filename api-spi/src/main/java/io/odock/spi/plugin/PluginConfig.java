package io.odock.spi.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A plugin's section of {@code odock.yaml} (the key under {@code plugins:} named after the factory's
 * {@link ExtensionFactory#id()}), with {@code ${ENV}} references already resolved. Reading a key of the wrong type is a
 * configuration error, reported at start-up with the key's name.
 *
 * @param section the section as a JSON tree; an empty object when the file has none
 */
public record PluginConfig(ObjectNode section) {

    /** Validates the components. */
    public PluginConfig {
        Objects.requireNonNull(section, "section");
    }

    /** An empty section. */
    public static PluginConfig empty() {
        return new PluginConfig(JsonNodeFactory.instance.objectNode());
    }

    /** Wraps a section. */
    public static PluginConfig of(ObjectNode section) {
        return new PluginConfig(section);
    }

    /** A text value. */
    public Optional<String> string(String key) {
        JsonNode value = section.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isValueNode()) {
            throw wrongType(key, "a text value");
        }
        return Optional.of(value.asText());
    }

    /** A whole number. */
    public Optional<Long> number(String key) {
        JsonNode value = section.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.canConvertToLong() && value.isIntegralNumber()) {
            return Optional.of(value.asLong());
        }
        if (value.isTextual()) {
            try {
                return Optional.of(Long.parseLong(value.asText().trim()));
            } catch (NumberFormatException e) {
                throw wrongType(key, "a whole number");
            }
        }
        throw wrongType(key, "a whole number");
    }

    /** A boolean. */
    public Optional<Boolean> bool(String key) {
        JsonNode value = section.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isBoolean()) {
            return Optional.of(value.booleanValue());
        }
        if (value.isTextual() && (value.asText().equals("true") || value.asText().equals("false"))) {
            return Optional.of(Boolean.parseBoolean(value.asText()));
        }
        throw wrongType(key, "true or false");
    }

    /** A duration written as {@code 500ms}, {@code 30s}, {@code 5m} or {@code 1h}, or a number of seconds. */
    public Optional<Duration> duration(String key) {
        return string(key).map(text -> Durations.parse(text).orElseThrow(
                () -> wrongType(key, "a duration such as 500ms, 30s, 5m or 1h")));
    }

    /** A nested value, as it is. */
    public Optional<JsonNode> node(String key) {
        return Optional.ofNullable(section.get(key)).filter(value -> !value.isNull());
    }

    private static IllegalArgumentException wrongType(String key, String expected) {
        return new IllegalArgumentException("'" + key + "' must be " + expected);
    }
}
