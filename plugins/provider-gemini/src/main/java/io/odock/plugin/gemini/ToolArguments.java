package io.odock.plugin.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A tool call's arguments as Gemini carries them: a JSON object ({@code functionCall.args}), where the gateway and
 * OpenAI keep a JSON text. Text that is not a JSON object (a model can produce broken JSON) is kept whole under
 * {@code "arguments"} rather than lost, since Gemini's {@code args} can only be an object.
 */
final class ToolArguments {
    private ToolArguments() {
    }

    static ObjectNode toObject(String arguments, ObjectMapper json) {
        if (arguments == null || arguments.isBlank()) {
            return json.createObjectNode();
        }
        try {
            JsonNode parsed = json.readTree(arguments);
            if (parsed != null && parsed.isObject()) {
                return (ObjectNode) parsed;
            }
        } catch (JsonProcessingException e) {
            // Kept as text below.
        }
        return json.createObjectNode().put("arguments", arguments);
    }
}
