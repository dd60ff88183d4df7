package io.odock.distribution;

import io.odock.core.usage.UsageRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that hangs up while its upstream is still answering: the gateway cancels the upstream call at once
 * (the fake upstream sees the connection close within a second, not after its 20 s answer), records the call as
 * client_disconnected with what it had consumed, and gives its key's concurrency slot back.
 */
class ClientDisconnectIT {
    private static FakeOpenAiUpstream upstream;
    private static GatewayHarness gateway;
    private static String key;
    private static String keyId;

    @BeforeAll
    static void start() throws Exception {
        upstream = new FakeOpenAiUpstream();
        gateway = GatewayHarness.start("""
                admin: { token: "%s" }
                providers:
                  - { id: openai, type: openai, baseUrl: "%s", apiKey: "sk-hangs" }
                models:
                  - { name: thinker, deployments: [ { provider: openai, model: hang }, { provider: openai, model: gpt-4o-mini } ] }
                  - { name: thinker-stream, deployments: [ { provider: openai, model: hang-stream } ] }
                  - { name: quick, deployments: [ { provider: openai, model: gpt-4o-mini } ] }
                """.formatted(GovernanceIT.ADMIN_TOKEN, upstream.baseUrl()), Map.of());
        var created = GovernanceIT.createKey(gateway, "\"max_concurrent_requests\":1");
        key = created.path("key").asText();
        keyId = created.path("id").asText();
    }

    @AfterAll
    static void stop() throws Exception {
        GatewayHarness.closeAll(gateway, upstream);
    }

    /** Sends a chat request on a raw connection and hangs up after reading {@code readBeforeHangingUp} bytes. */
    private static void callAndHangUp(String requestId, String model, boolean stream, int readBeforeHangingUp)
            throws Exception {
        URI base = URI.create(GovernanceIT.base(gateway));
        String body = "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"think hard\"}]}";
        try (Socket socket = new Socket("127.0.0.1", base.getPort())) {
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + key + "\r\nx-request-id: " + requestId + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                    + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            if (readBeforeHangingUp > 0) {
                in.readNBytes(readBeforeHangingUp);
            } else {
                Thread.sleep(600);
            }
        }
    }

    private static UsageRecord recordOf(String requestId) throws Exception {
        for (int i = 0; i < 100; i++) {
            gateway.server.usage().flush();
            List<UsageRecord> records = gateway.server.usage().findByKey(keyId, 50).stream()
                    .filter(r -> r.requestId().equals(requestId)).toList();
            if (!records.isEmpty()) {
                return records.getFirst();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no usage record for " + requestId);
    }

    private static void awaitAbandoned(String model) throws Exception {
        for (int i = 0; i < 60 && !upstream.abandoned().contains(model); i++) {
            Thread.sleep(50);
        }
        assertThat(upstream.abandoned()).as("the upstream saw the gateway hang up").contains(model);
    }

    @Test
    @Timeout(15)
    void aCompleteCallIsCancelledWhenItsClientHangsUp() throws Exception {
        long started = System.nanoTime();
        callAndHangUp("hung-up-complete", "thinker", false, 0);
        awaitAbandoned("hang");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);

        UsageRecord record = recordOf("hung-up-complete");
        assertThat(record.status()).isEqualTo(499);
        assertThat(record.errorCode()).contains("client_disconnected");
        // Cancelled, not failed over: the second deployment was never tried, and the first is not blamed.
        assertThat(record.attempts()).singleElement()
                .satisfies(attempt -> assertThat(attempt.error()).contains("client_disconnected"));
        assertThat(record.details().estimated()).isTrue();
        assertThat(record.inputTokens()).isPositive();
        assertThat(GovernanceIT.admin(gateway, org.eclipse.jetty.http.HttpMethod.GET, "/admin/v1/deployments", null)
                .path("data").path(0).path("consecutive_failures").asInt()).isZero();
        // The key's only concurrency slot is free again.
        assertThat(GovernanceIT.chat(gateway, key, "quick", "").getStatus()).isEqualTo(200);
    }

    @Test
    @Timeout(15)
    void aStreamIsCancelledWhenItsClientHangsUpWhileTheUpstreamIsSilent() throws Exception {
        long started = System.nanoTime();
        // Read the response head and the first event, then hang up while the upstream keeps thinking.
        callAndHangUp("hung-up-stream", "thinker-stream", true, 64);
        awaitAbandoned("hang-stream");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);

        UsageRecord record = recordOf("hung-up-stream");
        assertThat(record.streamed()).as(record.toString()).isTrue();
        assertThat(record.errorCode()).contains("client_disconnected");
        assertThat(record.details().estimated()).as(record.toString()).isTrue();
    }
}
