package io.odock.core.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.model.FilePart;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code multipart/form-data} body as it streams in: text fields into a JSON object, files onto disk (never
 * whole in memory), all under {@code server.maxBodyBytes}. The result deletes its files when closed.
 */
public final class MultipartBodyReader {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern FILENAME = Pattern.compile("\\bfilename=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    /** Text fields are small (a prompt, a size); a longer one is refused rather than held. */
    private static final int MAX_FIELD_BYTES = 1024 * 1024;

    private final ObjectMapper json;
    private final long maxBytes;

    /**
     * @param json     the shared mapper
     * @param maxBytes {@code server.maxBodyBytes}
     */
    public MultipartBodyReader(ObjectMapper json, long maxBytes) {
        this.json = json;
        this.maxBytes = maxBytes;
    }

    /** A parsed multipart body: its text fields and its files, which {@link #close()} deletes. */
    public record Body(ObjectNode fields, List<FilePart> files, List<Path> spooled) implements AutoCloseable {
        @Override
        public void close() {
            for (Path file : spooled) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    file.toFile().deleteOnExit();
                }
            }
        }
    }

    /**
     * Reads the body.
     *
     * @param contentType the request's {@code Content-Type}, with the boundary
     * @throws GatewayException 400 for a malformed body, 413 over the limit
     */
    public Body read(InputStream in, String contentType, long declaredLength) {
        if (declaredLength > maxBytes) {
            throw tooLarge();
        }
        Matcher boundary = BOUNDARY.matcher(contentType == null ? "" : contentType);
        if (!boundary.find()) {
            throw GatewayException.invalidRequest("A multipart/form-data body needs a boundary in its Content-Type");
        }
        byte[] delimiter = ("\r\n--" + boundary.group(1)).getBytes(StandardCharsets.ISO_8859_1);
        ObjectNode fields = json.createObjectNode();
        List<FilePart> files = new ArrayList<>();
        List<Path> spooled = new ArrayList<>();
        Body body = new Body(fields, files, spooled);
        try (CountingInput input = new CountingInput(new BufferedInputStream(in, 65536), maxBytes)) {
            // The first delimiter has no CRLF before it.
            if (!skipUntil(input, java.util.Arrays.copyOfRange(delimiter, 2, delimiter.length), OutputStream.nullOutputStream())) {
                throw malformed();
            }
            while (true) {
                int a = input.read();
                int b = input.read();
                if (a == '-' && b == '-') {
                    return body;
                }
                if (a != '\r' || b != '\n') {
                    throw malformed();
                }
                readPart(input, delimiter, body);
            }
        } catch (GatewayException e) {
            body.close();
            throw e;
        } catch (IOException e) {
            body.close();
            throw new GatewayException(400, ErrorCodes.INVALID_REQUEST, "The multipart body could not be read");
        }
    }

    private void readPart(CountingInput input, byte[] delimiter, Body body) throws IOException {
        String disposition = null;
        String type = null;
        String line;
        while (!(line = readLine(input)).isEmpty()) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw malformed();
            }
            String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (header.equals("content-disposition")) {
                disposition = value;
            } else if (header.equals("content-type")) {
                type = value;
            }
        }
        Matcher name = NAME.matcher(disposition == null ? "" : disposition);
        if (!name.find()) {
            throw GatewayException.invalidRequest("Every multipart part needs a Content-Disposition with a name");
        }
        Matcher filename = FILENAME.matcher(disposition);
        boolean named = filename.find();
        // A part is a file when it says so with a file name, or (as some SDKs send bytes) with a non-text type.
        boolean file = named || (type != null && !type.toLowerCase(Locale.ROOT).startsWith("text/plain"));
        if (file) {
            Path spool = Files.createTempFile("odock-upload-", ".part");
            body.spooled().add(spool);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(spool), 65536)) {
                if (!skipUntil(input, delimiter, out)) {
                    throw malformed();
                }
            }
            body.files().add(FilePart.of(name.group(1), named ? filename.group(1) : name.group(1), type,
                    Files.size(spool), () -> Files.newInputStream(spool)));
        } else {
            ByteArrayOutputStream value = new ByteArrayOutputStream();
            if (!skipUntil(input, delimiter, new LimitedOutput(value, name.group(1)))) {
                throw malformed();
            }
            body.fields().put(name.group(1), value.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * Copies bytes to {@code out} until the delimiter (Knuth-Morris-Pratt, so a partial match never loses or repeats a
     * byte); false when the stream ends first.
     */
    private static boolean skipUntil(InputStream in, byte[] delimiter, OutputStream out) throws IOException {
        int[] fallback = fallback(delimiter);
        int matched = 0;
        int next;
        while ((next = in.read()) >= 0) {
            while (matched > 0 && next != (delimiter[matched] & 0xff)) {
                int keep = fallback[matched - 1];
                out.write(delimiter, 0, matched - keep);
                matched = keep;
            }
            if (next == (delimiter[matched] & 0xff)) {
                matched++;
                if (matched == delimiter.length) {
                    return true;
                }
            } else {
                out.write(next);
            }
        }
        return false;
    }

    /** For each prefix length, the longest proper prefix of the delimiter that is also a suffix of it. */
    private static int[] fallback(byte[] pattern) {
        int[] table = new int[pattern.length];
        int length = 0;
        for (int i = 1; i < pattern.length; i++) {
            while (length > 0 && pattern[i] != pattern[length]) {
                length = table[length - 1];
            }
            if (pattern[i] == pattern[length]) {
                length++;
            }
            table[i] = length;
        }
        return table;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int next;
        while ((next = in.read()) >= 0) {
            if (next == '\r') {
                int lf = in.read();
                if (lf == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(next);
                if (lf < 0) {
                    break;
                }
                line.write(lf);
            } else {
                line.write(next);
            }
            if (line.size() > 16 * 1024) {
                throw malformed();
            }
        }
        throw malformed();
    }

    private GatewayException tooLarge() {
        return new GatewayException(413, ErrorCodes.REQUEST_TOO_LARGE,
                "The request body is larger than this gateway accepts (" + maxBytes + " bytes)");
    }

    private static GatewayException malformed() {
        return GatewayException.invalidRequest("The multipart/form-data body is malformed");
    }

    /** Counts what is read and refuses to go past the limit. */
    private final class CountingInput extends InputStream {
        private final InputStream in;
        private final long limit;
        private long count;

        CountingInput(InputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int next = in.read();
            if (next >= 0 && ++count > limit) {
                throw tooLarge();
            }
            return next;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Holds a text field, refusing one longer than {@link #MAX_FIELD_BYTES}. */
    private static final class LimitedOutput extends OutputStream {
        private final ByteArrayOutputStream out;
        private final String field;

        LimitedOutput(ByteArrayOutputStream out, String field) {
            this.out = out;
            this.field = field;
        }

        @Override
        public void write(int b) {
            if (out.size() >= MAX_FIELD_BYTES) {
                throw GatewayException.invalidRequest("The form field '" + field + "' is too long");
            }
            out.write(b);
        }
    }
}
