package io.odock.plugin.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.model.FilePart;
import io.odock.spi.provider.UpstreamBody;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A {@code multipart/form-data} upstream body built from the client's fields and files: files are streamed from where
 * the host keeps them, never loaded whole, and the length is known up front so the upstream gets a
 * {@code Content-Length}.
 */
final class MultipartPayload {
    private final String boundary = "odock-" + UUID.randomUUID();
    private final List<Supplier<InputStream>> pieces = new ArrayList<>();
    private long length;

    MultipartPayload(ObjectNode fields, List<FilePart> files) {
        for (Map.Entry<String, JsonNode> field : fields.properties()) {
            text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                    + field.getValue().asText() + "\r\n");
        }
        for (FilePart file : files) {
            text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file.field() + "\"; filename=\""
                    + file.filename().replace("\"", "") + "\"\r\nContent-Type: " + file.contentType() + "\r\n\r\n");
            pieces.add(() -> {
                try {
                    return file.open();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            length += file.size();
            text("\r\n");
        }
        text("--" + boundary + "--\r\n");
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The body to send: the pieces read one after the other when the call is sent, with the length known up front. */
    UpstreamBody.Streamed body() {
        return new UpstreamBody.Streamed(contentType(), length, this::open);
    }

    private InputStream open() {
        Iterator<Supplier<InputStream>> next = pieces.iterator();
        return new java.io.SequenceInputStream(new java.util.Enumeration<>() {
            @Override
            public boolean hasMoreElements() {
                return next.hasNext();
            }

            @Override
            public InputStream nextElement() {
                return next.next().get();
            }
        });
    }

    private void text(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        pieces.add(() -> new ByteArrayInputStream(bytes));
        length += bytes.length;
    }
}
