package io.odock.spi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.Objects;
import java.util.Optional;

/**
 * A tool (function) the model may call.
 *
 * @param name        the function's name
 * @param description what it does, if given
 * @param parameters  its JSON schema (an empty object when none was given)
 */
public record ToolDefinition(String name, Optional<String> description, JsonNode parameters) {

    /** Validates the components. */
    public ToolDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        parameters = parameters == null ? JsonNodeFactory.instance.objectNode() : parameters;
    }

    /** Creates a tool definition. */
    public static ToolDefinition of(String name, Optional<String> description, JsonNode parameters) {
        return new ToolDefinition(name, description, parameters);
    }
}
