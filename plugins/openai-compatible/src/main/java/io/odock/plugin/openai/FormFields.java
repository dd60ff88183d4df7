package io.odock.plugin.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.odock.spi.dialect.JsonFields;

import java.util.Optional;

/**
 * Reads of values that arrive either as JSON or as {@code multipart/form-data} fields, where everything is text
 * ({@code "n": "2"}, {@code "stream": "true"}); a wrong value fails with 400 naming the field.
 */
final class FormFields {
    private FormFields() {
    }

    /** A text value, from JSON or from a form field (where everything is text). */
    static Optional<String> text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw JsonFields.wrongType(field, "a string");
        }
        return Optional.of(value.asText());
    }

    /** An integer, from JSON or from a form field. */
    static Optional<Long> number(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isIntegralNumber()) {
            return Optional.of(value.asLong());
        }
        try {
            return Optional.of(Long.parseLong(value.asText().trim()));
        } catch (NumberFormatException e) {
            throw JsonFields.wrongType(field, "an integer");
        }
    }

    /** A boolean, from JSON or from a form field ({@code true} / {@code false}); false when absent. */
    static boolean flag(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual() && (value.asText().equals("true") || value.asText().equals("false"))) {
            return Boolean.parseBoolean(value.asText());
        }
        throw JsonFields.wrongType(field, "a boolean");
    }
}
