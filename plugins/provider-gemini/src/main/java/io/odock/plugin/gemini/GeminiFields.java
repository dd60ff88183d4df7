package io.odock.plugin.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.GatewayException;
import io.odock.spi.dialect.JsonFields;

import java.util.Optional;

/**
 * Typed reads of Gemini's JSON, which is protobuf's JSON mapping: a field may be spelled in lowerCamelCase (what the
 * SDKs send) or in its original snake_case, and both must be accepted. A field of the wrong type fails with 400
 * {@code invalid_request} naming its full path ({@code generationConfig.temperature}), as {@link JsonFields} does for
 * top-level fields.
 */
final class GeminiFields {
    private GeminiFields() {
    }

    /** The field by its camelCase name or its snake_case alias; {@code null} when absent or JSON null. */
    static JsonNode get(JsonNode object, String camelName) {
        if (object == null || !object.isObject()) {
            return null;
        }
        JsonNode value = object.get(camelName);
        if (value == null || value.isNull()) {
            value = object.get(snakeCase(camelName));
        }
        return value == null || value.isNull() ? null : value;
    }

    /** Whether the field is present under either spelling. */
    static boolean has(JsonNode object, String camelName) {
        return get(object, camelName) != null;
    }

    static Optional<String> string(JsonNode object, String field, String path) {
        return JsonFields.string(object, spelling(object, field), param(path, field));
    }

    static Optional<Double> number(JsonNode object, String field, String path) {
        return JsonFields.number(object, spelling(object, field), param(path, field));
    }

    /**
     * An integer. Protobuf's JSON mapping writes 64-bit integers as strings and SDKs send some integer fields as
     * floats ({@code topK: 40.0}), so an integral number in either form is accepted.
     */
    static Optional<Long> integer(JsonNode object, String field, String path) {
        JsonNode value = get(object, field);
        if (value == null) {
            return Optional.empty();
        }
        if (value.isNumber() && value.asDouble() == Math.rint(value.asDouble())) {
            return Optional.of(value.asLong());
        }
        if (value.isTextual()) {
            try {
                return Optional.of(Long.parseLong(value.asText().trim()));
            } catch (NumberFormatException e) {
                // Reported as a type error below.
            }
        }
        throw JsonFields.wrongType(param(path, field), "an integer");
    }

    static Optional<Boolean> bool(JsonNode object, String field, String path) {
        return JsonFields.bool(object, spelling(object, field), param(path, field));
    }

    static Optional<JsonNode> object(JsonNode object, String field, String path) {
        return JsonFields.object(object, spelling(object, field), param(path, field));
    }

    static Optional<JsonNode> array(JsonNode object, String field, String path) {
        return JsonFields.array(object, spelling(object, field), param(path, field));
    }

    /** A required string: missing or of the wrong type is a 400 naming it. */
    static String requiredString(JsonNode object, String field, String path) {
        return string(object, field, path).orElseThrow(() -> missing(param(path, field)));
    }

    /** An optional object, or an empty one. */
    static JsonNode objectOrEmpty(JsonNode object, String field, String path) {
        return object(object, field, path).orElseGet(JsonNodeFactory.instance::objectNode);
    }

    static GatewayException missing(String param) {
        return JsonFields.invalid(param, "Missing required field: '" + param + "'.");
    }

    static String param(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** An empty object, for building defaults. */
    static ObjectNode emptyObject() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** The spelling under which the field is present (camelCase when neither is). */
    private static String spelling(JsonNode object, String camelName) {
        if (object != null && object.isObject() && !object.hasNonNull(camelName)
                && object.hasNonNull(snakeCase(camelName))) {
            return snakeCase(camelName);
        }
        return camelName;
    }

    private static String snakeCase(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
