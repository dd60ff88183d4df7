package io.odock.core.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.core.server.JsonMappers;
import io.odock.spi.GatewayException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonBodyReaderTest {
    private final ObjectMapper json = JsonMappers.create(2048);
    private final JsonBodyReader reader = new JsonBodyReader(json, 2048, new BodyMemory(BodyMemory.UNCOUNTED));

    private static ByteArrayInputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertError(Runnable read, int status, String code) {
        assertThatThrownBy(read::run).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.code()).isEqualTo(code);
        });
    }

    @Test
    void readsAJsonObject() {
        assertThat(reader.read(body("{\"a\":1}"), -1).path("a").asInt()).isEqualTo(1);
    }

    @Test
    void refusesWhatIsNotAJsonObject() {
        assertError(() -> reader.read(body("{\"a\":"), -1), 400, "invalid_json");
        assertError(() -> reader.read(body("{\"a\":1} trailing"), -1), 400, "invalid_json");
        assertError(() -> reader.read(body("[1,2]"), -1), 400, "invalid_request");
        assertError(() -> reader.read(body(""), 0), 400, "invalid_request");
    }

    @Test
    void refusesBodiesOverTheLimitDeclaredOrNot() {
        String big = "{\"a\":\"" + "x".repeat(3000) + "\"}";
        assertError(() -> reader.read(body(big), big.length()), 413, "request_too_large");
        assertError(() -> reader.read(body(big), -1), 413, "request_too_large");
    }

    @Test
    void readsADeclaredLengthBodyWhole() {
        String text = "{\"model\":\"m\",\"messages\":[]}";
        assertThat(reader.read(body(text), text.length()).path("model").asText()).isEqualTo("m");
    }

    @Test
    void acceptsAChunkedBodyAtTheLimitAndRefusesOneByteMore() {
        String atLimit = "{\"a\":\"" + "x".repeat(2048 - 8) + "\"}";
        assertThat(atLimit).hasSize(2048);
        assertThat(reader.read(body(atLimit), -1).path("a").asText()).hasSize(2040);
        String overLimit = "{\"a\":\"" + "x".repeat(2048 - 7) + "\"}";
        assertError(() -> reader.read(body(overLimit), -1), 413, "request_too_large");
    }

    @Test
    void holdsTheBudgetForALargeBodyUntilTheHoldIsClosed() {
        BodyMemory memory = new BodyMemory(200_000);
        JsonBodyReader large = new JsonBodyReader(json, 1_000_000, memory);
        String text = "{\"a\":\"" + "x".repeat(150_000) + "\"}";
        BodyMemory.Hold first = large.hold();
        assertThat(large.read(body(text), text.length(), 1_000_000, first).path("a").asText()).hasSize(150_000);
        assertThat(memory.held()).isEqualTo(text.length());
        // A second large body does not fit beside the first, declared or chunked; a small one always does.
        assertError(() -> large.read(body(text), text.length(), 1_000_000, large.hold()), 503, "gateway_overloaded");
        assertError(() -> large.read(body(text), -1, 1_000_000, large.hold()), 503, "gateway_overloaded");
        assertThat(large.read(body("{\"a\":1}"), -1, 1_000_000, large.hold()).path("a").asInt()).isEqualTo(1);
        first.close();
        assertThat(memory.held()).isZero();
        try (BodyMemory.Hold second = large.hold()) {
            assertThat(large.read(body(text), -1, 1_000_000, second).path("a").asText()).hasSize(150_000);
            // A chunked body reserves in doubling steps, never less than what it read.
            assertThat(second.bytes()).isGreaterThanOrEqualTo(text.length());
        }
        assertThat(memory.held()).isZero();
    }

    @Test
    void readsChunkedBodiesAcrossTheStepsExactly() {
        JsonBodyReader large = new JsonBodyReader(json, 1_000_000, new BodyMemory(BodyMemory.defaultCapacity()));
        for (int size : new int[] {65_536 - 8, 65_536 - 7, 131_072 - 8, 300_001}) {
            String text = "{\"a\":\"" + "y".repeat(size) + "\"}";
            assertThat(large.read(body(text), -1).path("a").asText()).hasSize(size);
        }
    }
}
