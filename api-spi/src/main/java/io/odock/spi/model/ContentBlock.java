package io.odock.spi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.Objects;
import java.util.Optional;

/**
 * One part of a message's content: text, an image, a document, and so on.
 *
 * @param type the part's kind in the source dialect ({@code text}, {@code image_url}, {@code image}, ...)
 * @param text the part's text, when it has one
 * @param raw  the part exactly as the client or provider sent it, for translators that need more than text
 */
public record ContentBlock(String type, Optional<String> text, JsonNode raw) {

    /** Validates the components. */
    public ContentBlock {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
        raw = raw == null ? JsonNodeFactory.instance.nullNode() : raw;
    }

    /** A plain text part. */
    public static ContentBlock text(String text) {
        return new ContentBlock("text", Optional.of(text), JsonNodeFactory.instance.objectNode()
                .put("type", "text").put("text", text));
    }

    /** A part of any kind, kept as it came. */
    public static ContentBlock of(String type, Optional<String> text, JsonNode raw) {
        return new ContentBlock(type, text, raw);
    }
}
