package io.odock.spi.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * An answer that is not JSON (a transcript as plain text, SRT or WebVTT), kept as the upstream sent it so that a
 * client of the same dialect gets the same bytes and content type.
 *
 * @param contentType the upstream's {@code Content-Type}
 * @param bytes       the body
 */
public record RawBody(String contentType, byte[] bytes) {

    /** Validates the components and keeps a copy of the bytes. */
    public RawBody {
        Objects.requireNonNull(contentType, "contentType");
        bytes = bytes.clone();
    }

    /** A copy of the body. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RawBody that && contentType.equals(that.contentType)
                && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * contentType.hashCode() + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "RawBody[" + contentType + ", " + bytes.length + " bytes]";
    }
}
