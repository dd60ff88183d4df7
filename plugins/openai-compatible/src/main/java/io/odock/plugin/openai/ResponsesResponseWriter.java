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

/**
 * Writes an answer as an OpenAI Responses API {@code response} object: the upstream's own for an OpenAI provider
 * (model renamed), otherwise built from the normalized answer with every field the SDKs expect.
 */
final class ResponsesResponseWriter {
    private final ObjectMapper json;

    ResponsesResponseWriter(ObjectMapper json) {
        this.json = json;
    }

    JsonNode write(GatewayRequest request, GatewayResponse response) {
        String id = "resp_" + response.providerRequestId().orElse(Long.toHexString(System.nanoTime()))
                .replaceAll("[^A-Za-z0-9]", "");
        ObjectNode body = shell(request, id, "completed", Instant.now().getEpochSecond());
        ArrayNode output = body.putArray("output");
        if (!response.content().isEmpty() || response.toolCalls().isEmpty()) {
            output.add(message(id, response.content(), "completed"));
        }
        for (ToolCall call : response.toolCalls()) {
            output.addObject().put("type", "function_call").put("id", "fc_" + call.id()).put("call_id", call.id())
                    .put("name", call.name()).put("arguments", call.arguments()).put("status", "completed");
        }
        body.set("usage", usage(response.usage()));
        return body;
    }

    /** A response object without output and usage, as the stream's first events carry it. */
    ObjectNode shell(GatewayRequest request, String id, String status, long createdAt) {
        ObjectNode body = json.createObjectNode();
        body.put("id", id);
        body.put("object", "response");
        body.put("created_at", createdAt);
        body.put("status", status);
        body.putNull("error");
        body.putNull("incomplete_details");
        JsonNode instructions = request.rawPayload().get("instructions");
        body.set("instructions", instructions == null ? json.nullNode() : instructions);
        request.maxTokens().ifPresentOrElse(n -> body.put("max_output_tokens", n), () -> body.putNull("max_output_tokens"));
        body.put("model", request.model());
        body.putArray("output");
        body.put("parallel_tool_calls", true);
        body.putNull("previous_response_id");
        body.put("temperature", request.temperature().orElse(1.0));
        body.putObject("text").putObject("format").put("type", "text");
        body.set("tool_choice", request.toolChoice().orElse(json.getNodeFactory().textNode("auto")));
        ArrayNode tools = body.putArray("tools");
        request.tools().forEach(tool -> tools.addObject().put("type", "function").put("name", tool.name())
                .set("parameters", tool.parameters()));
        body.put("top_p", request.topP().orElse(1.0));
        body.put("truncation", "disabled");
        body.putNull("usage");
        body.putNull("user");
        body.putObject("metadata");
        return body;
    }

    ObjectNode message(String responseId, String text, String status) {
        ObjectNode item = json.createObjectNode();
        item.put("type", "message");
        item.put("id", "msg_" + responseId.substring(Math.min(5, responseId.length())));
        item.put("status", status);
        item.put("role", "assistant");
        ObjectNode part = item.putArray("content").addObject();
        part.put("type", "output_text");
        part.put("text", text);
        part.putArray("annotations");
        return item;
    }

    ObjectNode usage(Usage usage) {
        ObjectNode node = json.createObjectNode();
        node.put("input_tokens", usage.inputTokens());
        node.putObject("input_tokens_details").put("cached_tokens", 0);
        node.put("output_tokens", usage.outputTokens());
        node.putObject("output_tokens_details").put("reasoning_tokens", 0);
        node.put("total_tokens", usage.totalTokens());
        return node;
    }
}
