package com.example.odock.mistral;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small stand-in for Mistral's API on 127.0.0.1: a real HTTP server that records each call and answers with the
 * status, headers and body a test scripted, so the adapter is tested over the wire as it runs in the gateway.
 */
final class FakeMistral implements AutoCloseable {
    /** One call as the server received it. */
    record Call(String method, String path, String authorization, String accept, String body) {
    }

    /** What the server answers next. */
    record Reply(int status, Map<String, String> headers, String body) {
        static Reply json(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "application/json", "x-request-id", "mistral-req-1"), body);
        }

        static Reply events(String... data) {
            StringBuilder body = new StringBuilder();
            for (String event : data) {
                body.append("data: ").append(event).append("\n\n");
            }
            return new Reply(200, Map.of("Content-Type", "text/event-stream"), body.toString());
        }
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Reply reply = Reply.json(500, "{}");

    FakeMistral() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    /** Sets what the next calls get. */
    void willAnswer(Reply next) {
        reply = next;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Accept"),
                body));
        Reply current = reply;
        current.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] bytes = current.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(current.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
