package com.example.odock.mistral;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * Reads the message out of Mistral's error bodies, which come in two shapes: its own
 * {@code {"object":"error","message":"...","type":"...","code":...}} (where {@code message} may itself be an object),
 * and the validation error {@code {"detail":[{"loc":[...],"msg":"...","type":"..."}]}} or {@code {"detail":"..."}}.
 */
final class MistralErrors {
    private MistralErrors() {
    }

    /** The upstream's message, when the body is in one of Mistral's shapes. */
    static Optional<String> message(JsonNode body) {
        JsonNode message = body.path("message");
        if (message.isTextual() && !message.asText().isBlank()) {
            return Optional.of(message.asText());
        }
        if (message.isObject()) {
            return Optional.of(message.toString());
        }
        JsonNode detail = body.path("detail");
        if (detail.isTextual()) {
            return Optional.of(detail.asText());
        }
        if (detail.isArray() && !detail.isEmpty()) {
            JsonNode first = detail.get(0);
            String where = first.path("loc").isArray() ? joined(first.path("loc")) : "";
            String what = first.path("msg").asText("invalid request");
            return Optional.of(where.isEmpty() ? what : where + ": " + what);
        }
        return Optional.empty();
    }

    private static String joined(JsonNode location) {
        StringBuilder text = new StringBuilder();
        for (JsonNode part : location) {
            // FastAPI prefixes every location with "body"; the client only knows its own fields.
            if (text.isEmpty() && part.asText().equals("body")) {
                continue;
            }
            if (!text.isEmpty()) {
                text.append('.');
            }
            text.append(part.asText());
        }
        return text.toString();
    }
}
