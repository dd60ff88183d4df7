package io.odock.spi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.Objects;
import java.util.Optional;

/**
 * One part of a message's content: text, an image, a document, and so on.
 *
 * <p>{@link #raw()} is the part in the dialect of the request it came with ({@link GatewayRequest#dialect()}); an
 * adapter for that same provider type may send it as it is (keeping fields such as Anthropic's {@code cache_control}).
 * An adapter for another provider rebuilds the part from {@link #text()} and {@link #media()}; a part with neither is
 * dialect-specific (a thinking block, say) and is dropped with a warning.
 *
 * @param type  the part's kind in the source dialect ({@code text}, {@code image_url}, {@code image}, ...)
 * @param text  the part's text, when it has one
 * @param raw   the part exactly as the client or provider sent it
 * @param media where the bytes of an image, document or audio part are
 */
public record ContentBlock(String type, Optional<String> text, JsonNode raw, Optional<MediaSource> media) {

    /** Validates the components. */
    public ContentBlock {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
        raw = raw == null ? JsonNodeFactory.instance.nullNode() : raw;
        Objects.requireNonNull(media, "media");
    }

    /** A part without media. */
    public ContentBlock(String type, Optional<String> text, JsonNode raw) {
        this(type, text, raw, Optional.empty());
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

    /** An image, document or audio part, kept as it came, with where its bytes are. */
    public static ContentBlock media(String type, MediaSource media, JsonNode raw) {
        return new ContentBlock(type, Optional.empty(), raw, Optional.of(media));
    }
}
