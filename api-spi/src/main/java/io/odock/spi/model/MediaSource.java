package io.odock.spi.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a non-text content part's bytes are: inline (base64) or at a URL. Translators fill it for images, documents
 * and audio whatever their dialect called them ({@code image_url} data URLs, Anthropic {@code image}/{@code document}
 * sources, Gemini {@code inlineData}/{@code fileData}), so that an adapter for another provider can rebuild the part in
 * its own shape without knowing the client's dialect.
 *
 * @param mediaType the MIME type ({@code image/png}, {@code application/pdf}); {@code application/octet-stream} when
 *                  the client did not say and it could not be told
 * @param data      the bytes, base64-encoded, when they came inline
 * @param url       where the bytes are, when they came by reference
 */
public record MediaSource(String mediaType, Optional<String> data, Optional<String> url) {

    /** Validates the components: exactly one of {@code data} and {@code url}. */
    public MediaSource {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(url, "url");
        if (data.isPresent() == url.isPresent()) {
            throw new IllegalArgumentException("a media source has either inline data or a URL");
        }
    }

    /** Inline bytes. */
    public static MediaSource inline(String mediaType, String base64Data) {
        return new MediaSource(mediaType, Optional.of(base64Data), Optional.empty());
    }

    /** Bytes at a URL. */
    public static MediaSource at(String mediaType, String url) {
        return new MediaSource(mediaType, Optional.empty(), Optional.of(url));
    }

    /**
     * Reads an RFC 2397 {@code data:} URL ({@code data:image/png;base64,...}) as inline bytes, or any other URL as a
     * reference whose media type is {@code fallbackType}.
     */
    public static MediaSource fromUrl(String url, String fallbackType) {
        if (url.startsWith("data:")) {
            int comma = url.indexOf(',');
            String header = comma < 0 ? "" : url.substring(5, comma);
            if (comma > 0 && header.endsWith(";base64")) {
                String type = header.substring(0, header.length() - ";base64".length());
                return inline(type.isEmpty() ? fallbackType : type, url.substring(comma + 1));
            }
        }
        return at(fallbackType, url);
    }

    /** The part as a URL: the URL it came by, or a {@code data:} URL holding its bytes. */
    public String asUrl() {
        return url.orElseGet(() -> "data:" + mediaType + ";base64," + data.orElseThrow());
    }

    /** Whether it is an image. */
    public boolean isImage() {
        return mediaType.startsWith("image/");
    }
}
