package io.odock.plugin.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Converts Google's OpenAPI-subset {@code Schema} (function {@code parameters}, {@code responseSchema}) to the JSON
 * Schema every other provider takes: upper-case {@code type} values ({@code OBJECT}, {@code STRING}) become lower-case,
 * {@code nullable: true} becomes a {@code "null"} alternative of the type, 64-bit counts sent as strings
 * ({@code "minItems": "1"}) become numbers, and Gemini's own {@code propertyOrdering} is left out.
 */
final class SchemaConverter {
    private static final Set<String> COUNTS = Set.of("minItems", "maxItems", "minLength", "maxLength",
            "minProperties", "maxProperties");

    private SchemaConverter() {
    }

    static JsonNode toJsonSchema(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return schema;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        boolean nullable = schema.path("nullable").asBoolean(false);
        for (Iterator<Map.Entry<String, JsonNode>> fields = schema.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            switch (key) {
                case "type" -> out.set("type", type(value, nullable));
                case "nullable", "propertyOrdering" -> {
                    // nullable is folded into type; propertyOrdering only steers Gemini's output order.
                }
                case "properties" -> {
                    ObjectNode properties = out.putObject("properties");
                    value.fields().forEachRemaining(p -> properties.set(p.getKey(), toJsonSchema(p.getValue())));
                }
                case "items" -> out.set("items", toJsonSchema(value));
                case "anyOf" -> {
                    ArrayNode alternatives = out.putArray("anyOf");
                    value.forEach(alternative -> alternatives.add(toJsonSchema(alternative)));
                }
                default -> out.set(key, COUNTS.contains(key) && value.isTextual() ? count(value) : value);
            }
        }
        return out;
    }

    private static JsonNode type(JsonNode value, boolean nullable) {
        if (!value.isTextual()) {
            return value;
        }
        String type = value.asText().toLowerCase(java.util.Locale.ROOT);
        if (!nullable) {
            return JsonNodeFactory.instance.textNode(type);
        }
        return JsonNodeFactory.instance.arrayNode().add(type).add("null");
    }

    private static JsonNode count(JsonNode value) {
        try {
            return JsonNodeFactory.instance.numberNode(Long.parseLong(value.asText().trim()));
        } catch (NumberFormatException e) {
            return value;
        }
    }
}
