package io.odock.plugin.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.odock.spi.model.ContentBlock;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.MediaSource;
import io.odock.spi.model.ToolCall;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads Gemini's complete {@code GenerateContentResponse}: the first candidate's text (thought summaries left out),
 * its {@code functionCall} parts as tool calls (a call without an id gets {@code call_<n>}), the finish reason in the
 * gateway's vocabulary, and the usage.
 */
final class GeminiAnswerReader {
    private GeminiAnswerReader() {
    }

    static GatewayResponse read(JsonNode answer) {
        JsonNode candidate = answer.path("candidates").path(0);
        StringBuilder text = new StringBuilder();
        List<ToolCall> toolCalls = new ArrayList<>();
        List<ContentBlock> blocks = new ArrayList<>();
        boolean onlyText = true;
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.has("functionCall")) {
                toolCalls.add(toolCall(part.get("functionCall"), toolCalls.size()));
            } else if (part.path("text").isTextual() && !part.path("thought").asBoolean(false)) {
                text.append(part.get("text").asText());
                blocks.add(ContentBlock.of("text", Optional.of(part.get("text").asText()), part));
            } else {
                onlyText = false;
                blocks.add(block(part));
            }
        }
        return GatewayResponse.builder()
                .provider(GeminiProviderAdapterFactory.TYPE)
                .model(answer.path("modelVersion").asText(""))
                .content(text.toString())
                .contentBlocks(onlyText ? List.of() : blocks)
                .toolCalls(toolCalls)
                .stopReason(stopReason(answer, candidate, !toolCalls.isEmpty()))
                .usage(GeminiUsage.read(answer.get("usageMetadata")))
                .providerRequestId(Optional.ofNullable(answer.path("responseId").textValue()))
                .rawResponse(Optional.of(answer))
                .build();
    }

    /** A {@code functionCall} part's call: its own id or {@code call_<position>}, and its args as JSON text. */
    static ToolCall toolCall(JsonNode functionCall, int position) {
        JsonNode args = functionCall.path("args");
        return ToolCall.of(Optional.ofNullable(functionCall.path("id").textValue()).orElse("call_" + position),
                functionCall.path("name").asText(), args.isObject() ? args.toString() : "{}");
    }

    private static String stopReason(JsonNode answer, JsonNode candidate, boolean calledTools) {
        if (candidate.isMissingNode() && answer.path("promptFeedback").path("blockReason").isTextual()) {
            // The prompt itself was blocked: Gemini answers no candidate at all.
            return "content_filter";
        }
        return FinishReasons.fromGemini(candidate.path("finishReason").asText("STOP"), calledTools);
    }

    private static ContentBlock block(JsonNode part) {
        JsonNode inline = part.path("inlineData");
        if (inline.path("data").isTextual()) {
            return ContentBlock.media("inlineData", MediaSource.inline(
                    inline.path("mimeType").asText("application/octet-stream"), inline.get("data").asText()), part);
        }
        JsonNode file = part.path("fileData");
        if (file.path("fileUri").isTextual()) {
            return ContentBlock.media("fileData", MediaSource.at(
                    file.path("mimeType").asText("application/octet-stream"), file.get("fileUri").asText()), part);
        }
        String kind = part.path("thought").asBoolean(false) ? "thought"
                : part.fieldNames().hasNext() ? part.fieldNames().next() : "empty";
        return ContentBlock.of(kind, Optional.empty(), part);
    }
}
