package io.odock.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.plugin.Durations;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One mapping of the configuration file with typed readers whose errors name the file and the entry. Every reader
 * remembers the key it read, so {@link #rejectUnknownKeys()} can refuse typos such as {@code baseurl}.
 */
final class ConfigSection {
    private final String file;
    private final String path;
    private final ObjectNode node;
    private final Set<String> known = new TreeSet<>();

    ConfigSection(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        if (node == null || node.isNull() || node.isMissingNode()) {
            this.node = JsonNodeFactory.instance.objectNode();
        } else if (node instanceof ObjectNode object) {
            this.node = object;
        } else {
            throw new ConfigException(file + ": " + path + ": must be a mapping of keys to values");
        }
    }

    String path() {
        return path;
    }

    ConfigException error(String problem) {
        return new ConfigException(file + ": " + path + ": " + problem);
    }

    ConfigException error(String key, String problem) {
        return new ConfigException(file + ": " + path + (path.isEmpty() ? "" : ".") + key + ": " + problem);
    }

    Optional<String> string(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isValueNode()) {
            throw error(key, "must be a text value");
        }
        String text = value.asText();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    String requiredString(String key) {
        return string(key).orElseThrow(() -> error(key, "is required"));
    }

    Optional<Long> number(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value.isIntegralNumber()) {
            return Optional.of(value.asLong());
        }
        if (value.isTextual()) {
            try {
                return Optional.of(Long.parseLong(value.asText().trim()));
            } catch (NumberFormatException e) {
                throw error(key, "must be a whole number, not '" + value.asText() + "'");
            }
        }
        throw error(key, "must be a whole number");
    }

    Optional<BigDecimal> decimal(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return Optional.empty();
        }
        try {
            BigDecimal decimal = value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText().trim());
            if (decimal.signum() < 0) {
                throw error(key, "cannot be negative");
            }
            return Optional.of(decimal);
        } catch (NumberFormatException e) {
            throw error(key, "must be a number, not '" + value.asText() + "'");
        }
    }

    Optional<Duration> duration(String key) {
        return string(key).map(text -> Durations.parse(text)
                .orElseThrow(() -> error(key, "must be a duration such as 500ms, 30s, 5m or 1h, not '" + text + "'")));
    }

    Optional<ConfigSection> section(String key) {
        JsonNode value = value(key);
        return value == null ? Optional.empty() : Optional.of(new ConfigSection(file, child(key), value));
    }

    ConfigSection sectionOrEmpty(String key) {
        return section(key).orElseGet(() -> new ConfigSection(file, child(key), null));
    }

    /** The mappings of a list; {@code describe} names an element in errors, e.g. {@code providers[1] (id 'x')}. */
    List<ConfigSection> list(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw error(key, "must be a list");
        }
        List<ConfigSection> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String itemPath = child(key) + "[" + i + "]";
            JsonNode name = item.isObject() ? firstPresent(item, "id", "name") : null;
            if (name != null && name.isTextual()) {
                itemPath += " (" + (item.has("id") ? "id" : "name") + " '" + name.asText() + "')";
            }
            items.add(new ConfigSection(file, itemPath, item));
        }
        return items;
    }

    List<String> stringList(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw error(key, "must be a list of text values");
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isValueNode()) {
                throw error(key, "must be a list of text values");
            }
            items.add(item.asText());
        }
        return items;
    }

    /** The raw node under a key, for sections whose shape belongs to a plugin. */
    Optional<JsonNode> raw(String key) {
        return Optional.ofNullable(value(key));
    }

    Iterator<String> keys() {
        return node.fieldNames();
    }

    void markKnown(String key) {
        known.add(key);
    }

    void rejectUnknownKeys() {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw error(name, "is not a known setting here (known: " + String.join(", ", known) + ")");
            }
        }
    }

    private JsonNode value(String key) {
        known.add(key);
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value;
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static JsonNode firstPresent(JsonNode item, String... names) {
        for (String name : names) {
            if (item.hasNonNull(name)) {
                return item.get(name);
            }
        }
        return null;
    }
}
