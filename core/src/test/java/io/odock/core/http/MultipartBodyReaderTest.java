package io.odock.core.http;

import io.odock.core.server.JsonMappers;
import io.odock.spi.GatewayException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultipartBodyReaderTest {
    private static final String TYPE = "multipart/form-data; boundary=XyZ";
    private final MultipartBodyReader reader = new MultipartBodyReader(JsonMappers.create(4096), 4096);

    private static ByteArrayInputStream body(byte[]... pieces) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] piece : pieces) {
            out.write(piece);
        }
        return new ByteArrayInputStream(out.toByteArray());
    }

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void readsFieldsAndFilesEvenWhenAFileContainsBoundaryLikeBytes() throws IOException {
        byte[] file = text("ab\r\n--Xy\r\n\r\n--X-yZ\r\n-");
        try (MultipartBodyReader.Body parsed = reader.read(body(
                text("--XyZ\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nadd a hat\r\n"),
                text("--XyZ\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n"
                        + "Content-Type: image/png\r\n\r\n"), file,
                text("\r\n--XyZ\r\nContent-Disposition: form-data; name=\"mask\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\nM\r\n--XyZ--\r\n")), TYPE, -1)) {
            assertThat(parsed.fields().path("prompt").asText()).isEqualTo("add a hat");
            assertThat(parsed.files()).hasSize(2);
            assertThat(parsed.files().get(0).filename()).isEqualTo("a.png");
            assertThat(parsed.files().get(0).contentType()).isEqualTo("image/png");
            try (InputStream in = parsed.files().get(0).open()) {
                assertThat(in.readAllBytes()).isEqualTo(file);
            }
            assertThat(parsed.files().get(1).filename()).isEqualTo("mask");
            assertThat(parsed.files().get(1).size()).isEqualTo(1);
            assertThat(parsed.spooled()).allMatch(Files::exists);
            parsed.close();
            assertThat(parsed.spooled()).noneMatch(Files::exists);
        }
    }

    @Test
    void refusesMalformedAndOversizedBodies() {
        assertThatThrownBy(() -> reader.read(body(text("no boundary here")), TYPE, -1))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> reader.read(body(text("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx")),
                TYPE, -1)).isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> reader.read(body(text("--XyZ--")), "multipart/form-data", -1))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(400));
        byte[] big = new byte[5000];
        assertThatThrownBy(() -> reader.read(body(text("--XyZ\r\nContent-Disposition: form-data; name=\"f\"; "
                + "filename=\"f\"\r\n\r\n"), big, text("\r\n--XyZ--\r\n")), TYPE, -1))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(413));
    }
}
