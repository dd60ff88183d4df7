package io.odock.core.server;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway shrinks Jetty's per-connection header-line cache from 1,024 rows (98 KB per connection) to
 * {@link OdockServer#HEADER_CACHE_ROWS}: the lines an SDK repeats on every call of a keep-alive connection must still
 * fit, or Jetty would start its table afresh on every request and parse each line anew.
 */
class HeaderCacheTest {
    /** What the OpenAI Python SDK (1.54) sends on every call, to a gateway behind a longer host name than most. */
    private static final String SDK_REQUEST = """
            POST /v1/chat/completions HTTP/1.1\r
            Host: gateway.internal.example.com:8080\r
            Accept-Encoding: gzip, deflate\r
            Connection: keep-alive\r
            Accept: application/json\r
            Content-Type: application/json\r
            User-Agent: OpenAI/Python 1.54.4\r
            X-Stainless-Lang: python\r
            X-Stainless-Package-Version: 1.54.4\r
            X-Stainless-OS: Linux\r
            X-Stainless-Arch: x64\r
            X-Stainless-Runtime: CPython\r
            X-Stainless-Runtime-Version: 3.12.3\r
            Authorization: Bearer odk_live_0123456789abcdefghijklmnopqrstuvwxyz\r
            X-Stainless-Async: false\r
            x-stainless-retry-count: 0\r
            Content-Length: 2\r
            \r
            {}""";

    @Test
    void theGatewaysConnectionsKeepASmallCache() {
        // 48 characters of two bytes per row, held by every kept-alive connection: Jetty's default is 98 KB.
        int rows = OdockServer.httpConfiguration().getHeaderCacheSize();
        assertTrue(rows * 48 * 2 <= 40 * 1024, rows + " rows take " + rows * 48 * 2 + " bytes per connection");
    }

    @Test
    void anSdksRepeatedHeaderLinesStayCachedOnTheConnection() {
        List<List<HttpField>> calls = parseOnOneConnection(OdockServer.httpConfiguration().getHeaderCacheSize(), 4);

        // Jetty caches the lines of the headers it knows to repeat; each later call reuses the same field objects.
        for (String name : List.of("Host", "User-Agent", "Accept-Encoding", "Accept", "Content-Type")) {
            assertSame(field(calls.get(1), name), field(calls.get(3), name), name + " is parsed anew on every call");
        }
    }

    @Test
    void aCacheTooSmallForTheLinesParsesThemAnewOnEveryCall() {
        // The check above can fail: with too few rows the same lines are new objects on every call.
        List<List<HttpField>> calls = parseOnOneConnection(24, 4);

        assertFalse(field(calls.get(1), "User-Agent") == field(calls.get(3), "User-Agent")
                && field(calls.get(1), "Host") == field(calls.get(3), "Host"));
    }

    private static List<List<HttpField>> parseOnOneConnection(int cacheRows, int calls) {
        List<List<HttpField>> parsed = new ArrayList<>();
        Fields handler = new Fields();
        HttpParser parser = new HttpParser(handler);
        parser.setHeaderCacheSize(cacheRows);
        for (int i = 0; i < calls; i++) {
            handler.fields = new ArrayList<>();
            ByteBuffer bytes = ByteBuffer.wrap(SDK_REQUEST.getBytes(StandardCharsets.US_ASCII));
            while (!handler.complete && bytes.hasRemaining()) {
                parser.parseNext(bytes);
            }
            assertTrue(handler.complete, "the request parses");
            handler.complete = false;
            parser.reset();
            parsed.add(handler.fields);
        }
        return parsed;
    }

    private static HttpField field(List<HttpField> fields, String name) {
        return fields.stream().filter(f -> f.getName().equalsIgnoreCase(name)).findFirst().orElseThrow();
    }

    private static final class Fields implements HttpParser.RequestHandler {
        List<HttpField> fields = new ArrayList<>();
        boolean complete;

        @Override
        public void startRequest(String method, String uri, HttpVersion version) {
        }

        @Override
        public void parsedHeader(HttpField field) {
            fields.add(field);
        }

        @Override
        public boolean headerComplete() {
            return false;
        }

        @Override
        public boolean content(ByteBuffer content) {
            return false;
        }

        @Override
        public boolean contentComplete() {
            return false;
        }

        @Override
        public boolean messageComplete() {
            complete = true;
            return true;
        }

        @Override
        public void earlyEOF() {
        }
    }
}
