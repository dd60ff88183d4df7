package io.odock.spi.provider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The body of an {@link UpstreamCall}: bytes already in memory (a JSON payload), or content streamed from where the
 * host keeps it (an uploaded file), with its length known up front so the upstream gets a {@code Content-Length}.
 */
public sealed interface UpstreamBody {

    /** The {@code Content-Type} the body is sent with. */
    String contentType();

    /** The body's length in bytes. */
    long length();

    /** A JSON body ({@code application/json}). */
    static UpstreamBody json(byte[] bytes) {
        return new Bytes("application/json", bytes);
    }

    /**
     * A body held in memory.
     *
     * @param contentType the {@code Content-Type}
     * @param bytes       the body; not copied, so do not change it after handing it over
     */
    record Bytes(String contentType, byte[] bytes) implements UpstreamBody {
        /** Checks both parts are present. */
        public Bytes {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(bytes, "bytes");
        }

        @Override
        public long length() {
            return bytes.length;
        }
    }

    /**
     * A body read from a stream when the call is sent, never loaded whole.
     *
     * @param contentType the {@code Content-Type}
     * @param length      the exact number of bytes {@code content} yields
     * @param content     opens the content; called once per sending, so it must give the same bytes each time
     */
    record Streamed(String contentType, long length, Opener content) implements UpstreamBody {
        /** Checks the parts. */
        public Streamed {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(content, "content");
            if (length < 0) {
                throw new IllegalArgumentException("length must not be negative");
            }
        }
    }

    /** Opens a streamed body's content. */
    @FunctionalInterface
    interface Opener {
        /** A new stream positioned at the start of the content; the host closes it. */
        InputStream open() throws IOException;
    }
}
