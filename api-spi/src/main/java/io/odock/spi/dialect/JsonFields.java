package io.odock.spi.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import io.odock.spi.GatewayException;

import java.util.Optional;

/**
 * Typed reads of a client's JSON body for translators. A field that is absent or {@code null} is empty; a field of the
 * wrong type fails with 400 {@link io.odock.spi.ErrorCodes#INVALID_REQUEST} naming the parameter, so every dialect
 * reports bad input the same way.
 */
public final class JsonFields {
    private JsonFields() {
    }

    /** A string field, if present and not null. */
    public static Optional<String> string(JsonNode body, String field) {
        return string(body, field, field);
    }

    /** A string field, if present and not null; {@code param} is how errors name it (a path such as {@code a.b}). */
    public static Optional<String> string(JsonNode body, String field, String param) {
        JsonNode value = present(body, field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw wrongType(param, "a string");
        }
        return Optional.of(value.asText());
    }

    /** A number field, if present and not null. */
    public static Optional<Double> number(JsonNode body, String field) {
        return number(body, field, field);
    }

    /** A number field, if present and not null; {@code param} is how errors name it (a path such as {@code a.b}). */
    public static Optional<Double> number(JsonNode body, String field, String param) {
        JsonNode value = present(body, field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isNumber()) {
            throw wrongType(param, "a number");
        }
        return Optional.of(value.asDouble());
    }

    /** An integral number field, if present and not null. */
    public static Optional<Long> integer(JsonNode body, String field) {
        JsonNode value = present(body, field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() && !(value.isNumber() && value.asDouble() == Math.rint(value.asDouble()))) {
            throw wrongType(field, "an integer");
        }
        return Optional.of(value.asLong());
    }

    /** A boolean field, if present and not null. */
    public static Optional<Boolean> bool(JsonNode body, String field) {
        return bool(body, field, field);
    }

    /** A boolean field, if present and not null; {@code param} is how errors name it (a path such as {@code a.b}). */
    public static Optional<Boolean> bool(JsonNode body, String field, String param) {
        JsonNode value = present(body, field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw wrongType(param, "a boolean");
        }
        return Optional.of(value.asBoolean());
    }

    /** An object field, if present and not null. */
    public static Optional<JsonNode> object(JsonNode body, String field) {
        return object(body, field, field);
    }

    /** An object field, if present and not null; {@code param} is how errors name it (a path such as {@code a.b}). */
    public static Optional<JsonNode> object(JsonNode body, String field, String param) {
        JsonNode value = present(body, field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw wrongType(param, "an object");
        }
        return Optional.of(value);
    }

    /** An array field, if present and not null. */
    public static Optional<JsonNode> array(JsonNode body, String field) {
        return array(body, field, field);
    }

    /** An array field, if present and not null; {@code param} is how errors name it (a path such as {@code a.b}). */
    public static Optional<JsonNode> array(JsonNode body, String field, String param) {
        JsonNode value = present(body, field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw wrongType(param, "an array");
        }
        return Optional.of(value);
    }

    /** A 400 {@code invalid_request} naming the parameter in its {@code param} detail. */
    public static GatewayException invalid(String param, String message) {
        return GatewayException.invalidRequest(message).withDetail("param", param);
    }

    /** A 400 saying the parameter has the wrong type. */
    public static GatewayException wrongType(String param, String expected) {
        return invalid(param, "Invalid type for '" + param + "': expected " + expected + ".");
    }

    /** The body's top-level fields that are not in {@code mapped}, in the body's order. */
    public static java.util.List<String> fieldsOutside(JsonNode body, java.util.Set<String> mapped) {
        java.util.List<String> outside = new java.util.ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!mapped.contains(name)) {
                outside.add(name);
            }
        });
        return outside;
    }

    private static JsonNode present(JsonNode body, String field) {
        JsonNode value = body == null ? null : body.get(field);
        return value == null || value.isNull() ? null : value;
    }
}
