package io.odock.plugin.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.ToolCall;
import io.odock.spi.model.Usage;

import java.time.Instant;
import java.util.List;

/** Writes a complete answer as an OpenAI {@code chat.completion}. */
final class ChatResponseWriter {
    private final ObjectMapper json;

    ChatResponseWriter(ObjectMapper json) {
        this.json = json;
    }

    JsonNode write(GatewayRequest request, GatewayResponse response) {
        ObjectNode root = json.createObjectNode();
        root.put("id", "chatcmpl-" + response.providerRequestId().orElse(Long.toHexString(System.nanoTime())));
        root.put("object", "chat.completion");
        root.put("created", Instant.now().getEpochSecond());
        root.put("model", request.model());
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (response.content().isEmpty() && !response.toolCalls().isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", response.content());
        }
        if (!response.toolCalls().isEmpty()) {
            writeToolCalls(message.putArray("tool_calls"), response.toolCalls());
        }
        message.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", response.stopReason());
        writeUsage(root.putObject("usage"), response.usage());
        return root;
    }

    static void writeToolCalls(ArrayNode array, List<ToolCall> calls) {
        for (ToolCall call : calls) {
            ObjectNode node = array.addObject();
            node.put("id", call.id());
            node.put("type", "function");
            node.putObject("function").put("name", call.name()).put("arguments", call.arguments());
        }
    }

    static void writeUsage(ObjectNode node, Usage usage) {
        node.put("prompt_tokens", usage.inputTokens());
        node.put("completion_tokens", usage.outputTokens());
        node.put("total_tokens", usage.totalTokens());
        if (usage.cacheReadTokens() > 0) {
            node.putObject("prompt_tokens_details").put("cached_tokens", usage.cacheReadTokens());
        }
    }
}
