package io.odock.plugin.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.odock.spi.dialect.JsonFields;
import io.odock.spi.model.ChatMessage;
import io.odock.spi.model.ContentBlock;
import io.odock.spi.model.MediaSource;
import io.odock.spi.model.ToolCall;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Gemini's {@code contents} into chat messages. One instance reads one request, because the ids it makes up
 * must agree across turns: Gemini's {@code functionCall} and {@code functionResponse} parts usually carry no id and are
 * matched by function name, while every other provider matches a tool result to its call by id. A call without an id
 * gets {@code call_<n>} (n counting the request's calls in order), and a response without an id takes the id of the
 * oldest unanswered call of the same name.
 */
final class ContentsReader {
    /** Part fields that qualify a part rather than make it a kind of its own. */
    private static final Set<String> PART_MODIFIERS = Set.of("thought", "thoughtSignature", "thought_signature",
            "videoMetadata", "video_metadata", "partMetadata", "part_metadata", "mediaResolution", "media_resolution");

    private final Map<String, ArrayDeque<String>> unansweredByName = new HashMap<>();
    private int generatedIds;

    /** The messages of {@code contents}, an array already checked to be non-empty. */
    List<ChatMessage> read(JsonNode contents) {
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < contents.size(); i++) {
            readContent(contents.get(i), "contents[" + i + "]", messages);
        }
        return messages;
    }

    private void readContent(JsonNode content, String path, List<ChatMessage> messages) {
        if (!content.isObject()) {
            throw JsonFields.wrongType(path, "an object");
        }
        String role = role(GeminiFields.string(content, "role", path).orElse("user"), path);
        JsonNode parts = GeminiFields.array(content, "parts", path)
                .orElseThrow(() -> GeminiFields.missing(path + ".parts"));
        if (parts.isEmpty()) {
            throw JsonFields.invalid(path + ".parts", "'" + path + ".parts' must not be empty.");
        }
        StringBuilder text = new StringBuilder();
        List<ContentBlock> blocks = new ArrayList<>();
        List<ToolCall> toolCalls = new ArrayList<>();
        List<ChatMessage> toolResults = new ArrayList<>();
        for (int j = 0; j < parts.size(); j++) {
            JsonNode part = parts.get(j);
            String partPath = path + ".parts[" + j + "]";
            if (!part.isObject()) {
                throw JsonFields.wrongType(partPath, "an object");
            }
            if (GeminiFields.has(part, "functionCall")) {
                toolCalls.add(functionCall(part, partPath));
            } else if (GeminiFields.has(part, "functionResponse")) {
                toolResults.add(functionResponse(part, partPath));
            } else {
                blocks.add(block(part, partPath, text));
            }
        }
        // Tool results answer the previous model turn, so they come before anything else the user said with them.
        messages.addAll(toolResults);
        if (!blocks.isEmpty() || !toolCalls.isEmpty()) {
            boolean plainText = blocks.stream().allMatch(b -> b.type().equals("text"));
            messages.add(new ChatMessage(role, text.toString(), plainText ? List.of() : blocks, toolCalls,
                    Optional.empty(), Optional.empty()));
        }
    }

    private static String role(String role, String path) {
        return switch (role) {
            case "user", "function", "tool" -> "user";
            case "model" -> "assistant";
            default -> throw JsonFields.invalid(path + ".role", "Please use a valid role: user, model.");
        };
    }

    private static ContentBlock block(JsonNode part, String path, StringBuilder text) {
        if (GeminiFields.has(part, "text")) {
            String value = GeminiFields.requiredString(part, "text", path);
            if (GeminiFields.bool(part, "thought", path).orElse(false)) {
                // A thought summary is the model's own reasoning: kept for a Gemini upstream, never sent as text.
                return ContentBlock.of("thought", Optional.empty(), part);
            }
            text.append(value);
            return ContentBlock.of("text", Optional.of(value), part);
        }
        if (GeminiFields.has(part, "inlineData")) {
            JsonNode inline = GeminiFields.object(part, "inlineData", path).orElseThrow();
            String inlinePath = path + ".inlineData";
            return ContentBlock.media("inlineData", MediaSource.inline(
                    GeminiFields.requiredString(inline, "mimeType", inlinePath),
                    GeminiFields.requiredString(inline, "data", inlinePath)), part);
        }
        if (GeminiFields.has(part, "fileData")) {
            JsonNode file = GeminiFields.object(part, "fileData", path).orElseThrow();
            String filePath = path + ".fileData";
            return ContentBlock.media("fileData", MediaSource.at(
                    GeminiFields.string(file, "mimeType", filePath).orElse("application/octet-stream"),
                    GeminiFields.requiredString(file, "fileUri", filePath)), part);
        }
        // executableCode, codeExecutionResult, ...: only a Gemini upstream understands them.
        return ContentBlock.of(kind(part), Optional.empty(), part);
    }

    private ToolCall functionCall(JsonNode part, String path) {
        JsonNode call = GeminiFields.object(part, "functionCall", path).orElseThrow();
        String callPath = path + ".functionCall";
        String name = GeminiFields.requiredString(call, "name", callPath);
        JsonNode args = GeminiFields.objectOrEmpty(call, "args", callPath);
        String id = GeminiFields.string(call, "id", callPath).orElseGet(() -> "call_" + generatedIds++);
        unansweredByName.computeIfAbsent(name, n -> new ArrayDeque<>()).add(id);
        return ToolCall.of(id, name, args.toString());
    }

    private ChatMessage functionResponse(JsonNode part, String path) {
        JsonNode response = GeminiFields.object(part, "functionResponse", path).orElseThrow();
        String responsePath = path + ".functionResponse";
        String name = GeminiFields.requiredString(response, "name", responsePath);
        JsonNode result = GeminiFields.objectOrEmpty(response, "response", responsePath);
        ArrayDeque<String> unanswered = unansweredByName.getOrDefault(name, new ArrayDeque<>());
        String id = GeminiFields.string(response, "id", responsePath)
                .map(given -> {
                    unanswered.remove(given);
                    return given;
                })
                .orElseGet(() -> unanswered.isEmpty() ? "call_" + generatedIds++ : unanswered.pollFirst());
        return new ChatMessage("tool", result.toString(), List.of(), List.of(), Optional.of(id), Optional.of(name));
    }

    /** The part's kind: its first field that is not a modifier such as {@code thoughtSignature}. */
    private static String kind(JsonNode part) {
        for (Iterator<String> names = part.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!PART_MODIFIERS.contains(name)) {
                return name;
            }
        }
        return "empty";
    }
}
