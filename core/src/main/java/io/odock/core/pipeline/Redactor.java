package io.odock.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.odock.spi.model.ChatMessage;
import io.odock.spi.model.ContentBlock;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.plugin.Verdict.Redaction;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies redactions everywhere the text travels: the normalized messages and the raw payload that a passthrough
 * adapter forwards (or, for answers, the content and the raw answer), so a masked value cannot slip out through
 * either copy.
 */
final class Redactor {
    private Redactor() {
    }

    static String apply(String text, List<Redaction> redactions) {
        String result = text;
        for (Redaction redaction : redactions) {
            result = result.replace(redaction.found(), redaction.replacement());
        }
        return result;
    }

    static GatewayRequest apply(GatewayRequest request, List<Redaction> redactions) {
        List<ChatMessage> messages = request.messages().stream().map(message -> new ChatMessage(message.role(),
                apply(message.content(), redactions), message.blocks().stream().map(b -> apply(b, redactions)).toList(),
                message.toolCalls(), message.toolCallId(), message.name())).toList();
        return request.toBuilder()
                .messages(messages)
                .inputs(request.inputs().stream().map(input -> apply(input, redactions)).toList())
                .rawPayload((ObjectNode) apply(request.rawPayload().deepCopy(), redactions))
                .build();
    }

    static GatewayResponse apply(GatewayResponse response, List<Redaction> redactions) {
        return response.toBuilder()
                .content(apply(response.content(), redactions))
                .contentBlocks(response.contentBlocks().stream().map(b -> apply(b, redactions)).toList())
                .rawResponse(response.rawResponse().map(raw -> apply(raw.deepCopy(), redactions)))
                .build();
    }

    private static ContentBlock apply(ContentBlock block, List<Redaction> redactions) {
        Optional<String> text = block.text().map(t -> apply(t, redactions));
        return new ContentBlock(block.type(), text, apply(block.raw().deepCopy(), redactions), block.media());
    }

    /** Replaces inside every text value of the tree, in place; returns the tree. */
    static JsonNode apply(JsonNode node, List<Redaction> redactions) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (field.getValue().isTextual()) {
                    field.setValue(TextNode.valueOf(apply(field.getValue().asText(), redactions)));
                } else {
                    apply(field.getValue(), redactions);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    array.set(i, TextNode.valueOf(apply(array.get(i).asText(), redactions)));
                } else {
                    apply(array.get(i), redactions);
                }
            }
        }
        return node;
    }
}
