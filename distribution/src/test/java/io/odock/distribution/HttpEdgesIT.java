package io.odock.distribution;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP edges of the gateway's own server, spoken byte for byte on raw connections the way odd or old clients and
 * proxies speak them: request targets that {@code java.net.URI} dislikes, dot segments, bad Host headers, HEAD,
 * {@code Expect: 100-continue}, chunked bodies and pipelining. Every answer is a proper HTTP answer, errors are the
 * gateway's JSON errors with a request id, and nothing ever carries a stack trace.
 */
@Timeout(60)
class HttpEdgesIT {
    private static GatewayHarness gateway;
    private static String key;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayHarness.start("""
                admin: { token: "%s" }
                providers:
                  - { id: local, type: echo, baseUrl: "http://localhost/echo" }
                models:
                  - { name: demo, deployments: [ { provider: local, model: echo-1 } ] }
                """.formatted(GovernanceIT.ADMIN_TOKEN), Map.of());
        key = gateway.createKey("edges", List.of());
        port = URI.create(gateway.baseUrl()).getPort();
    }

    @AfterAll
    static void stop() throws Exception {
        GatewayHarness.closeAll(gateway);
    }

    @Test
    void anUnknownRouteIsAJsonNotFoundWithARequestId() throws Exception {
        Answer answer = exchange("GET /no/such/route HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", false).getFirst();
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.header("content-type")).contains("application/json");
        assertThat(answer.body()).contains("\"not_found\"");
        assertThat(answer.header("x-request-id")).startsWith("req_");
        // The server's make and version are nobody's business.
        assertThat(answer.headers()).doesNotContainKey("server");
        assertNoStackTrace(answer);
    }

    @Test
    void charactersJavaNetUriRejectsStillReachTheRoutes() throws Exception {
        Answer unknown = exchange("GET /v1/models%7Cx HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
                + "\r\n\r\n", false).getFirst();
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"not_found\"");

        Answer listed = exchange("GET /v1/models?filter=a|b{c}^ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + key + "\r\n\r\n", false).getFirst();
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).contains("\"data\"").contains("\"demo\"");
    }

    @Test
    void dotSegmentsCannotWalkAroundTheAdminToken() throws Exception {
        Answer answer = exchange("GET /v1/../admin/v1/keys HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", false).getFirst();
        // Either Jetty refuses the target outright or it reaches the admin API as what it names, which wants a token.
        assertThat(answer.status()).isIn(400, 401);
        assertThat(answer.body()).doesNotContain("\"data\"");
        assertNoStackTrace(answer);
    }

    @Test
    void aMalformedHostHeaderIsAClientErrorAndTheServerCarriesOn() throws Exception {
        Answer answer = exchange("GET /healthz HTTP/1.1\r\nHost: bad host^[\r\n\r\n", false).getFirst();
        assertThat(answer.status()).isEqualTo(400);
        // Refused by Jetty before any route: still the gateway's JSON error, never Jetty's HTML page.
        assertThat(answer.header("content-type")).isEqualTo("application/json");
        assertThat(answer.body()).contains("\"invalid_request\"").doesNotContain("bad host").doesNotContain("<html");
        assertThat(answer.header("x-request-id")).startsWith("req_");
        assertNoStackTrace(answer);

        Answer next = exchange("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", false).getFirst();
        assertThat(next.status()).isEqualTo(200);
    }

    @Test
    void headersTooLargeAreRefusedInTheRoutesDialect() throws Exception {
        Answer answer = exchange("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nx-padding: " + "p".repeat(20_000)
                + "\r\nContent-Length: 0\r\n\r\n", false).getFirst();
        assertThat(answer.status()).isEqualTo(431);
        // Anthropic's route, so Anthropic's error shape.
        assertThat(answer.body()).contains("\"type\":\"error\"").contains("\"request_too_large\"")
                .doesNotContain("ppppp");
        assertNoStackTrace(answer);
    }

    @Test
    void headAnswersTheHeadersWithoutABody() throws Exception {
        List<Answer> answers = exchange("HEAD /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                + "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", true);
        assertThat(answers).hasSize(2);
        assertThat(answers.get(0).status()).isEqualTo(200);
        assertThat(answers.get(0).body()).isEmpty();
        // The HEAD answer had no body on the wire: the next answer on the connection parses cleanly after it.
        assertThat(answers.get(1).status()).isEqualTo(200);
        assertThat(answers.get(1).body()).isNotEmpty();
    }

    @Test
    void expectContinueGetsAContinueThenTheAnswer() throws Exception {
        String body = chatBody();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + key + "\r\nContent-Type: application/json\r\n"
                    + "Expect: 100-continue\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            Answer interim = read(in, false);
            assertThat(interim.status()).isEqualTo(100);
            socket.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
            Answer answer = read(in, false);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).contains("\"chat.completion\"");
        }
    }

    @Test
    void aChunkedBodyIsReadWholeAndTheAnswerHasALength() throws Exception {
        byte[] body = chatBody().getBytes(StandardCharsets.UTF_8);
        int half = body.length / 2;
        String chunked = Integer.toHexString(half) + "\r\n" + new String(body, 0, half, StandardCharsets.UTF_8)
                + "\r\n" + Integer.toHexString(body.length - half) + "\r\n"
                + new String(body, half, body.length - half, StandardCharsets.UTF_8) + "\r\n0\r\n\r\n";
        Answer answer = exchange("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + key + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked, false)
                .getFirst();
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("\"chat.completion\"");
        assertThat(answer.header("content-length")).isEqualTo(
                String.valueOf(answer.body().getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    void anAnswerLargerThanWhatIsGatheredArrivesWholeInChunks() throws Exception {
        String prompt = "x".repeat(48 * 1024);
        String body = "{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
        Answer answer = exchange("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + key + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
                false).getFirst();
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("transfer-encoding")).isEqualTo("chunked");
        assertThat(answer.body()).contains("Echo: " + prompt).endsWith("}");
    }

    @Test
    void aBodyRefusedUnreadEndsTheConnectionAndSaysSo() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + key + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 900000000\r\n\r\n{\"model\":\"demo\",").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            Answer answer = read(in, false);
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.body()).contains("\"request_too_large\"");
            // The rest of the body never came, so the connection cannot carry another request: the answer says so.
            assertThat(answer.header("connection")).isEqualTo("close");
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
        String get = "GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key + "\r\n";
        List<Answer> answers = exchange(get + "x-request-id: first-1\r\n\r\n"
                + get + "x-request-id: second-2\r\nConnection: close\r\n\r\n", true);
        assertThat(answers).extracting(Answer::status).containsExactly(200, 200);
        assertThat(answers).extracting(a -> a.header("x-request-id")).containsExactly("first-1", "second-2");
    }

    private static String chatBody() {
        return "{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"edges\"}]}";
    }

    private static void assertNoStackTrace(Answer answer) {
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at org.");
    }

    /**
     * Writes the bytes on a new connection and reads the answers: every one until the server closes when
     * {@code untilClosed}, else the first. The first answer to a HEAD request carries no body.
     */
    private static List<Answer> exchange(String raw, boolean untilClosed) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(raw.getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            List<Answer> answers = new java.util.ArrayList<>();
            boolean head = raw.startsWith("HEAD ");
            do {
                Answer answer = read(in, head);
                if (answer == null) {
                    break;
                }
                answers.add(answer);
                head = false;
            } while (untilClosed);
            return answers;
        }
    }

    /** One HTTP/1.1 answer off the stream, or null at its end. */
    private static Answer read(InputStream in, boolean noBody) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            return null;
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (!noBody && status >= 200 && status != 204 && status != 304) {
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                for (int size = Integer.parseInt(line(in).trim(), 16); size > 0;
                     size = Integer.parseInt(line(in).trim(), 16)) {
                    body.write(in.readNBytes(size));
                    line(in);
                }
                line(in);
            } else if (headers.containsKey("content-length")) {
                body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
            } else {
                body.write(in.readAllBytes());
            }
        }
        return new Answer(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                return line.toString();
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.isEmpty() ? null : line.toString();
    }

    private record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name);
        }
    }
}
