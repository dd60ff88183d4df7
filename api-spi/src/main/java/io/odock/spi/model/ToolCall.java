package io.odock.spi.model;

import java.util.Objects;

/**
 * A call of a tool, made by the model in an answer or echoed back by the client in the conversation.
 *
 * @param id        the call's id, which the tool's result refers to
 * @param name      the function's name
 * @param arguments the arguments as a JSON text, exactly as the model produced them (possibly not valid JSON)
 */
public record ToolCall(String id, String name, String arguments) {

    /** Validates the components. */
    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        arguments = arguments == null ? "" : arguments;
    }

    /** Creates a tool call. */
    public static ToolCall of(String id, String name, String arguments) {
        return new ToolCall(id, name, arguments);
    }
}
