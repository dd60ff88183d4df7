package io.odock.plugin.safetysec;

import com.fasterxml.jackson.databind.JsonNode;
import io.odock.spi.model.ChatMessage;
import io.odock.spi.model.ContentBlock;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;

import java.util.ArrayList;
import java.util.List;

/** The texts of a request or an answer that SafetySec inspects. */
final class InspectedTexts {
    private InspectedTexts() {
    }

    /**
     * Every message's text and text parts, the embeddings inputs, and a system text the raw payload carries beside the
     * messages (Anthropic's {@code system}, the Responses API's {@code instructions}), since a passthrough adapter
     * forwards the raw payload as it is.
     */
    static List<String> of(GatewayRequest request) {
        List<String> texts = new ArrayList<>();
        for (ChatMessage message : request.messages()) {
            addWithBlocks(texts, message.content(), message.blocks());
        }
        texts.addAll(request.inputs());
        addTexts(texts, request.rawPayload().get("system"));
        addTexts(texts, request.rawPayload().get("instructions"));
        return texts;
    }

    /** The answer's text and its text parts. */
    static List<String> of(GatewayResponse response) {
        List<String> texts = new ArrayList<>();
        addWithBlocks(texts, response.content(), response.contentBlocks());
        return texts;
    }

    /** The joined content, and each text part that the content does not already hold (so nothing is scanned twice). */
    private static void addWithBlocks(List<String> texts, String content, List<ContentBlock> blocks) {
        texts.add(content);
        for (ContentBlock block : blocks) {
            block.text().filter(text -> !content.contains(text)).ifPresent(texts::add);
        }
    }

    /** A text value, or the {@code text} fields of a list of parts. */
    private static void addTexts(List<String> texts, JsonNode node) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            texts.add(node.asText());
        } else if (node.isArray()) {
            for (JsonNode part : node) {
                if (part.path("text").isTextual()) {
                    texts.add(part.path("text").asText());
                }
            }
        }
    }
}
