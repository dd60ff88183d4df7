package io.odock.spi.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One turn of a conversation.
 *
 * @param role       {@code system}, {@code user}, {@code assistant} or {@code tool} (dialect roles are mapped to these)
 * @param content    the turn's text, all text parts joined; empty when the turn has none
 * @param blocks     the turn's content parts as sent, including non-text ones; empty for a plain-text turn
 * @param toolCalls  tool calls made by the assistant in this turn
 * @param toolCallId for a {@code tool} turn, the call it answers
 * @param name       the participant's name, when the dialect has one
 */
public record ChatMessage(String role, String content, List<ContentBlock> blocks, List<ToolCall> toolCalls,
                          Optional<String> toolCallId, Optional<String> name) {

    /** Validates the components and makes the lists immutable. */
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        content = content == null ? "" : content;
        blocks = List.copyOf(blocks);
        toolCalls = List.copyOf(toolCalls);
        Objects.requireNonNull(toolCallId, "toolCallId");
        Objects.requireNonNull(name, "name");
    }

    /** A plain text turn. */
    public static ChatMessage of(String role, String content) {
        return new ChatMessage(role, content, List.of(), List.of(), Optional.empty(), Optional.empty());
    }

    /** The same turn with other text (used by redaction). */
    public ChatMessage withContent(String newContent) {
        return new ChatMessage(role, newContent, blocks, toolCalls, toolCallId, name);
    }
}
