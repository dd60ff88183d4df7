package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake Gemini API: a real HTTP server on 127.0.0.1 that answers {@code POST /v1beta/models/{model}:generateContent}
 * and {@code :streamGenerateContent} the way Google documents them — {@code GenerateContentResponse} objects with
 * {@code usageMetadata}, {@code modelVersion} and {@code responseId}; streams as Server-Sent Events framed with CRLF when
 * {@code alt=sse} is asked and as one JSON array otherwise; a {@code functionCall} answer when the request declares
 * functions and its last turn is not a function response; errors as {@code {"error":{"code","message","status"}}}. The
 * key must come in {@code x-goog-api-key} (or {@code ?key=}) and equal the one it was created with. It records every
 * request so tests can check what the gateway sent upstream.
 *
 * <p>The upstream model name chooses the behaviour: {@code rate-limited} answers 429 with {@code Retry-After: 7},
 * {@code fail-500} answers 500; anything else answers "Hello! You said: LAST USER TEXT".
 */
final class FakeGeminiUpstream implements AutoCloseable {
    static final String MODEL_VERSION_SUFFIX = "-001";
    private static final Pattern PATH = Pattern.compile("/v1beta/models/([^/:]+):(generateContent|streamGenerateContent)");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final String apiKey;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    /** One request the fake received. */
    record Received(String path, String query, Map<String, List<String>> headers, JsonNode body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    /** Starts the fake; it accepts only {@code apiKey}. */
    FakeGeminiUpstream(String apiKey) throws IOException {
        this.apiKey = apiKey;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1beta/models/", this::generate);
        server.start();
    }

    /** The base URL to configure as the provider's {@code baseUrl}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1beta";
    }

    List<Received> received() {
        return received;
    }

    Received last() {
        return received.getLast();
    }

    private void generate(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String query = exchange.getRequestURI().getRawQuery();
            JsonNode body;
            try {
                body = json.readTree(raw);
            } catch (IOException e) {
                error(exchange, 400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
                return;
            }
            received.add(new Received(exchange.getRequestURI().getPath(), query,
                    Map.copyOf(exchange.getRequestHeaders()), body));
            Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
            if (!path.matches()) {
                error(exchange, 404, "NOT_FOUND", "Requested entity was not found.");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                error(exchange, 405, "UNIMPLEMENTED", "Method not allowed.");
                return;
            }
            String key = exchange.getRequestHeaders().getFirst("x-goog-api-key");
            if (key == null && query != null && query.contains("key=")) {
                key = query.replaceAll(".*key=([^&]*).*", "$1");
            }
            if (key == null) {
                error(exchange, 403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without "
                        + "established identity). Please use API Key or other form of API consumer identity to call "
                        + "this API.");
                return;
            }
            if (!key.equals(apiKey)) {
                error(exchange, 400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.");
                return;
            }
            JsonNode contents = body.path("contents");
            if (!contents.isArray() || contents.isEmpty()) {
                error(exchange, 400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents: contents is not specified");
                return;
            }
            String model = path.group(1);
            switch (model) {
                case "rate-limited" -> {
                    exchange.getResponseHeaders().add("Retry-After", "7");
                    error(exchange, 429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).");
                }
                case "fail-500" -> error(exchange, 500, "INTERNAL", "An internal error has occurred.");
                default -> {
                    List<ObjectNode> chunks = answer(body, model);
                    if (path.group(2).equals("generateContent")) {
                        send(exchange, 200, merge(chunks));
                    } else if (query != null && query.contains("alt=sse")) {
                        sse(exchange, chunks);
                    } else {
                        array(exchange, chunks);
                    }
                }
            }
        }
    }

    /** The answer as stream chunks: words of text, or one whole function call; the last has finish and usage. */
    private List<ObjectNode> answer(JsonNode body, String model) {
        int promptTokens = promptTokens(body);
        List<ObjectNode> chunks = new ArrayList<>();
        String function = body.path("tools").path(0).path("functionDeclarations").path(0).path("name").asText("");
        if (!function.isEmpty() && !lastTurnIsFunctionResponse(body)) {
            ObjectNode chunk = chunk(model);
            ObjectNode call = parts(chunk).addObject().putObject("functionCall");
            call.put("name", function);
            call.putObject("args").put("location", "Paris");
            chunks.add(chunk);
        } else {
            String answer = lastTurnIsFunctionResponse(body) ? "It is sunny in Paris."
                    : "Hello! You said: " + lastUserText(body);
            for (String word : answer.split("(?<= )")) {
                ObjectNode chunk = chunk(model);
                parts(chunk).addObject().put("text", word);
                chunk.putObject("usageMetadata").put("promptTokenCount", promptTokens)
                        .put("totalTokenCount", promptTokens);
                chunks.add(chunk);
            }
        }
        ObjectNode last = chunks.getLast();
        ((ObjectNode) last.path("candidates").path(0)).put("finishReason", "STOP");
        int output = chunks.size() + 1;
        last.putObject("usageMetadata").put("promptTokenCount", promptTokens).put("candidatesTokenCount", output)
                .put("totalTokenCount", promptTokens + output)
                .putArray("promptTokensDetails").addObject().put("modality", "TEXT").put("tokenCount", promptTokens);
        return chunks;
    }

    private ObjectNode chunk(String model) {
        ObjectNode chunk = json.createObjectNode();
        ObjectNode candidate = chunk.putArray("candidates").addObject();
        candidate.putObject("content").put("role", "model").putArray("parts");
        candidate.put("index", 0);
        chunk.put("modelVersion", model + MODEL_VERSION_SUFFIX);
        chunk.put("responseId", "fake-gemini-response");
        return chunk;
    }

    private static ArrayNode parts(ObjectNode chunk) {
        return (ArrayNode) chunk.path("candidates").path(0).path("content").path("parts");
    }

    /** The complete answer: every chunk's parts in one candidate, text parts joined, with the last chunk's rest. */
    private ObjectNode merge(List<ObjectNode> chunks) {
        ObjectNode whole = chunks.getLast().deepCopy();
        ArrayNode parts = parts(whole);
        parts.removeAll();
        StringBuilder text = new StringBuilder();
        for (ObjectNode chunk : chunks) {
            for (JsonNode part : parts(chunk)) {
                if (part.has("text")) {
                    text.append(part.get("text").asText());
                } else {
                    parts.add(part);
                }
            }
        }
        if (!text.isEmpty()) {
            parts.insertObject(0).put("text", text.toString());
        }
        return whole;
    }

    private static boolean lastTurnIsFunctionResponse(JsonNode body) {
        JsonNode contents = body.path("contents");
        for (JsonNode part : contents.path(contents.size() - 1).path("parts")) {
            if (part.has("functionResponse")) {
                return true;
            }
        }
        return false;
    }

    private static String lastUserText(JsonNode body) {
        JsonNode contents = body.path("contents");
        for (int i = contents.size() - 1; i >= 0; i--) {
            JsonNode content = contents.get(i);
            if (content.path("role").asText("user").equals("user")) {
                StringBuilder text = new StringBuilder();
                content.path("parts").forEach(part -> text.append(part.path("text").asText("")));
                return text.toString();
            }
        }
        return "";
    }

    private static int promptTokens(JsonNode body) {
        String text = body.path("contents").toString() + body.path("systemInstruction").toString();
        return Math.max(1, text.split("\\s+").length);
    }

    /** Server-Sent Events as Google frames them: {@code data: ...} and lines ended by CRLF. */
    private void sse(HttpExchange exchange, List<ObjectNode> chunks) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (ObjectNode chunk : chunks) {
            out.write(("data: " + json.writeValueAsString(chunk) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    /** Without {@code alt=sse}: one JSON array whose elements are the chunks. */
    private void array(HttpExchange exchange, List<ObjectNode> chunks) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        out.write('[');
        for (int i = 0; i < chunks.size(); i++) {
            out.write(((i == 0 ? "" : ",\r\n") + json.writeValueAsString(chunks.get(i))).getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        out.write(']');
    }

    private void error(HttpExchange exchange, int status, String name, String message) throws IOException {
        ObjectNode root = json.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", status).put("message", message).put("status", name);
        send(exchange, status, root);
    }

    private void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
