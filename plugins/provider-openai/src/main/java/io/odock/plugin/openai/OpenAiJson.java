package io.odock.plugin.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.odock.spi.GatewayException;

import java.util.Optional;

/** Typed reads of an OpenAI request body that fail with a 400 naming the parameter. */
final class OpenAiJson {
    private OpenAiJson() {
    }

    static Optional<String> string(JsonNode body, String field) {
        JsonNode value = present(body, field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw wrongType(field, "a string");
        }
        return Optional.of(value.asText());
    }

    static Optional<Double> number(JsonNode body, String field) {
        JsonNode value = present(body, field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isNumber()) {
            throw wrongType(field, "a number");
        }
        return Optional.of(value.asDouble());
    }

    static Optional<Long> integer(JsonNode body, String field) {
        JsonNode value = present(body, field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() && !(value.isNumber() && value.asDouble() == Math.rint(value.asDouble()))) {
            throw wrongType(field, "an integer");
        }
        return Optional.of(value.asLong());
    }

    static Optional<Boolean> bool(JsonNode body, String field) {
        JsonNode value = present(body, field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw wrongType(field, "a boolean");
        }
        return Optional.of(value.asBoolean());
    }

    static Optional<JsonNode> object(JsonNode body, String field) {
        JsonNode value = present(body, field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw wrongType(field, "an object");
        }
        return Optional.of(value);
    }

    static Optional<JsonNode> array(JsonNode body, String field) {
        JsonNode value = present(body, field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw wrongType(field, "an array");
        }
        return Optional.of(value);
    }

    static GatewayException invalid(String param, String message) {
        return GatewayException.invalidRequest(message).withDetail("param", param);
    }

    static GatewayException wrongType(String param, String expected) {
        return invalid(param, "Invalid type for '" + param + "': expected " + expected + ".");
    }

    private static JsonNode present(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value;
    }
}
