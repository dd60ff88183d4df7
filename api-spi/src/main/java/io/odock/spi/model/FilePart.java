package io.odock.spi.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A file a client uploaded in a {@code multipart/form-data} request (an image to edit, a mask). The host keeps large
 * files on disk rather than in memory; {@link #open()} streams the content, and may be called again for a retry on
 * another deployment.
 *
 * @param field       the form field it came in ({@code image}, {@code image[]}, {@code mask})
 * @param filename    the file name the client gave
 * @param contentType its content type, {@code application/octet-stream} when the client gave none
 * @param size        its size in bytes
 * @param content     where its bytes are read from
 */
public record FilePart(String field, String filename, String contentType, long size, Content content) {

    /** Validates the components. */
    public FilePart {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(filename, "filename");
        contentType = contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
        Objects.requireNonNull(content, "content");
    }

    /** Creates a file part. */
    public static FilePart of(String field, String filename, String contentType, long size, Content content) {
        return new FilePart(field, filename, contentType, size, content);
    }

    /** Opens the file's bytes; the caller closes the stream. */
    public InputStream open() throws IOException {
        return content.open();
    }

    /** Where a file part's bytes come from. */
    @FunctionalInterface
    public interface Content {
        /** A new stream over the whole content. */
        InputStream open() throws IOException;
    }
}
