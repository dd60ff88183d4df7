package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server answering as {@code vllm serve} does (vLLM's OpenAI-compatible server): {@code /v1/models},
 * {@code /v1/chat/completions}, {@code /v1/completions}, {@code /v1/responses}, {@code /v1/embeddings}, the pooling
 * family at the root ({@code /pooling}, {@code /classify}, {@code /score}, {@code /rerank}), {@code /tokenize},
 * {@code /detokenize}, and {@code /v1/audio/transcriptions|translations} (multipart). With {@code --api-key} it
 * requires {@code Authorization: Bearer}. Errors are vLLM's {@code {"error":{"message","type","param","code"}}}.
 *
 * <p>The model name chooses faults: {@code fail-500} answers 500, {@code reject-400} answers 400 as vLLM does for a
 * prompt longer than the context window.
 */
final class FakeVllmServer implements AutoCloseable {
    static final String API_KEY = "vllm-operator-secret";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final List<FakeOpenAiUpstream.Received> received = new CopyOnWriteArrayList<>();
    /** The last multipart request's audio file: its size and SHA-256, and its text fields. */
    volatile Upload lastUpload;

    /** An uploaded file as the fake saw it. */
    record Upload(String filename, int size, String sha256, Map<String, String> fields) {
    }

    FakeVllmServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** The server's root, as an operator configures it. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeOpenAiUpstream.Received last() {
        return received.getLast();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            JsonNode body;
            if (contentType != null && contentType.startsWith("multipart/form-data")) {
                body = multipart(exchange.getRequestBody(), contentType.substring(contentType.indexOf("boundary=") + 9));
            } else if (exchange.getRequestMethod().equals("POST")) {
                byte[] raw = exchange.getRequestBody().readAllBytes();
                try {
                    body = json.readTree(raw);
                } catch (IOException e) {
                    error(exchange, 400, "BadRequestError", "invalid JSON");
                    return;
                }
            } else {
                body = json.createObjectNode();
            }
            received.add(new FakeOpenAiUpstream.Received(path, Map.copyOf(exchange.getRequestHeaders()), body));
            if (!("Bearer " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, json.createObjectNode().put("error", "Unauthorized"));
                return;
            }
            String model = body.path("model").asText("");
            if (model.equals("fail-500")) {
                error(exchange, 500, "InternalServerError", "EngineCore encountered an issue");
                return;
            }
            if (model.equals("reject-400")) {
                error(exchange, 400, "BadRequestError", "This model's maximum context length is 8192 tokens.");
                return;
            }
            switch (path) {
                case "/v1/models" -> models(exchange);
                case "/v1/chat/completions" -> chat(exchange, body, model);
                case "/v1/completions" -> completion(exchange, body, model);
                case "/v1/responses" -> responses(exchange, body, model);
                case "/v1/embeddings" -> listOf(exchange, model, "embd", "embedding", "embedding", body);
                case "/pooling" -> listOf(exchange, model, "pool", "pooling", "data", body);
                case "/classify" -> classify(exchange, model, body);
                case "/score", "/v1/score" -> score(exchange, model, body);
                case "/rerank", "/v1/rerank" -> rerank(exchange, model, body);
                case "/tokenize" -> send(exchange, 200, tokenize(body));
                case "/detokenize" -> send(exchange, 200, json.createObjectNode().put("prompt",
                        "detokenized " + body.path("tokens").size() + " tokens"));
                case "/v1/audio/transcriptions", "/v1/audio/translations" -> audio(exchange, model, body,
                        path.endsWith("translations"));
                default -> error(exchange, 404, "NotFoundError", "Not Found");
            }
        }
    }

    private void models(HttpExchange exchange) throws IOException {
        ObjectNode list = json.createObjectNode().put("object", "list");
        list.putArray("data").addObject().put("id", "meta-llama/Llama-3.1-8B-Instruct").put("object", "model")
                .put("owned_by", "vllm").put("max_model_len", 8192);
        send(exchange, 200, list);
    }

    private static String lastUserText(JsonNode body) {
        JsonNode messages = body.path("messages");
        return messages.path(messages.size() - 1).path("content").asText("");
    }

    private ObjectNode usage(int prompt, int completion) {
        ObjectNode usage = json.createObjectNode().put("prompt_tokens", prompt).put("total_tokens", prompt + completion)
                .put("completion_tokens", completion);
        usage.putNull("prompt_tokens_details");
        return usage;
    }

    private void chat(HttpExchange exchange, JsonNode body, String model) throws IOException {
        String answer = "Hello from vLLM: " + lastUserText(body);
        if (body.path("stream").asBoolean(false)) {
            startStream(exchange);
            OutputStream out = exchange.getResponseBody();
            for (String piece : answer.split("(?<= )")) {
                ObjectNode chunk = chunk("chat.completion.chunk", model);
                chunk.putArray("choices").addObject().put("index", 0).putNull("finish_reason")
                        .putObject("delta").put("content", piece);
                event(out, chunk);
            }
            ObjectNode last = chunk("chat.completion.chunk", model);
            last.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("delta");
            event(out, last);
            endStream(out, body, model, 7, answer.split(" ").length);
            return;
        }
        ObjectNode root = chunk("chat.completion", model);
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", answer);
        root.set("usage", usage(7, answer.split(" ").length));
        send(exchange, 200, root);
    }

    private void completion(HttpExchange exchange, JsonNode body, String model) throws IOException {
        String answer = " completed: " + body.path("prompt").asText("");
        if (body.path("stream").asBoolean(false)) {
            startStream(exchange);
            OutputStream out = exchange.getResponseBody();
            for (String piece : answer.split("(?<= )")) {
                ObjectNode chunk = chunk("text_completion", model);
                chunk.putArray("choices").addObject().put("index", 0).put("text", piece).putNull("logprobs")
                        .putNull("finish_reason");
                event(out, chunk);
            }
            endStream(out, body, model, 4, answer.split(" ").length);
            return;
        }
        ObjectNode root = chunk("text_completion", model);
        root.putArray("choices").addObject().put("index", 0).put("text", answer).putNull("logprobs")
                .put("finish_reason", "length").putNull("stop_reason");
        root.set("usage", usage(4, answer.split(" ").length));
        send(exchange, 200, root);
    }

    private void responses(HttpExchange exchange, JsonNode body, String model) throws IOException {
        String answer = "Hello from vLLM: " + body.path("input").asText("");
        ObjectNode root = json.createObjectNode().put("id", "resp_vllm1").put("object", "response")
                .put("created_at", 1_764_000_000L).put("model", model).put("status", "completed");
        ObjectNode message = root.putArray("output").addObject().put("type", "message").put("id", "msg_1")
                .put("role", "assistant").put("status", "completed");
        message.putArray("content").addObject().put("type", "output_text").put("text", answer).putArray("annotations");
        root.putObject("usage").put("input_tokens", 6).put("output_tokens", answer.split(" ").length)
                .put("total_tokens", 6 + answer.split(" ").length);
        send(exchange, 200, root);
    }

    private void listOf(HttpExchange exchange, String model, String idPrefix, String object, String field,
                        JsonNode body) throws IOException {
        ObjectNode root = json.createObjectNode().put("id", idPrefix + "-1").put("object", "list")
                .put("created", 1_764_000_000L).put("model", model);
        ArrayNode data = root.putArray("data");
        JsonNode input = body.path("input");
        int count = input.isArray() ? input.size() : 1;
        for (int i = 0; i < count; i++) {
            ObjectNode item = data.addObject().put("index", i).put("object", object);
            ArrayNode vector = field.equals("data") ? item.putArray(field).addArray() : item.putArray(field);
            vector.add(0.1).add(0.2).add(0.3);
        }
        root.set("usage", usage(5 * count, 0));
        send(exchange, 200, root);
    }

    private void classify(HttpExchange exchange, String model, JsonNode body) throws IOException {
        ObjectNode root = json.createObjectNode().put("id", "classify-1").put("object", "list")
                .put("created", 1_764_000_000L).put("model", model);
        root.putArray("data").addObject().put("index", 0).put("label", "positive").put("num_classes", 2)
                .putArray("probs").add(0.9).add(0.1);
        root.set("usage", usage(3, 0));
        send(exchange, 200, root);
    }

    private void score(HttpExchange exchange, String model, JsonNode body) throws IOException {
        ObjectNode root = json.createObjectNode().put("id", "score-1").put("object", "list")
                .put("created", 1_764_000_000L).put("model", model);
        root.putArray("data").addObject().put("index", 0).put("object", "score").put("score", 0.87);
        root.set("usage", usage(9, 0));
        send(exchange, 200, root);
    }

    private void rerank(HttpExchange exchange, String model, JsonNode body) throws IOException {
        ObjectNode root = json.createObjectNode().put("id", "rerank-1").put("model", model);
        root.putObject("usage").put("total_tokens", 11);
        ArrayNode results = root.putArray("results");
        JsonNode documents = body.path("documents");
        for (int i = documents.size() - 1; i >= 0; i--) {
            results.addObject().put("index", i).put("relevance_score", 0.5 + i * 0.1)
                    .putObject("document").put("text", documents.get(i).asText());
        }
        send(exchange, 200, root);
    }

    private ObjectNode tokenize(JsonNode body) {
        String prompt = body.path("prompt").asText("");
        ObjectNode root = json.createObjectNode();
        ArrayNode tokens = json.createArrayNode();
        for (int i = 0; i < prompt.split(" ").length; i++) {
            tokens.add(100 + i);
        }
        root.put("count", tokens.size()).put("max_model_len", 8192).set("tokens", tokens);
        root.putNull("token_strs");
        return root;
    }

    private void audio(HttpExchange exchange, String model, JsonNode fields, boolean translation) throws IOException {
        String text = (translation ? "translated " : "transcribed ") + lastUpload.size() + " bytes";
        String format = fields.path("response_format").asText("json");
        if (fields.path("stream").asText("false").equals("true")) {
            startStream(exchange);
            OutputStream out = exchange.getResponseBody();
            for (String piece : text.split("(?<= )")) {
                ObjectNode chunk = chunk("transcription.chunk", model);
                chunk.putArray("choices").addObject().putNull("finish_reason").putNull("stop_reason")
                        .putObject("delta").put("content", piece);
                event(out, chunk);
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        switch (format) {
            case "text" -> {
                byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
            case "verbose_json" -> {
                ObjectNode root = json.createObjectNode().put("task", translation ? "translate" : "transcribe")
                        .put("language", "english").put("duration", 1.5).put("text", text);
                root.putArray("segments").addObject().put("id", 0).put("start", 0.0).put("end", 1.5)
                        .put("text", text);
                send(exchange, 200, root);
            }
            default -> {
                ObjectNode root = json.createObjectNode().put("text", text);
                root.putObject("usage").put("type", "duration").put("seconds", 2);
                send(exchange, 200, root);
            }
        }
    }

    /** Reads a multipart body: text fields into the JSON, the file's size and digest recorded. */
    private JsonNode multipart(InputStream in, String boundary) throws IOException {
        ObjectNode fields = json.createObjectNode();
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = in.readAllBytes();
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int pos = text.indexOf("--" + boundary) + boundary.length() + 4;
        String filename = null;
        int size = 0;
        while (pos > 0 && pos < text.length()) {
            int headersEnd = text.indexOf("\r\n\r\n", pos);
            if (headersEnd < 0) {
                break;
            }
            String headers = text.substring(pos, headersEnd);
            int end = text.indexOf(new String(delimiter, StandardCharsets.ISO_8859_1), headersEnd + 4);
            if (end < 0) {
                break;
            }
            String name = headers.replaceAll("(?s).*name=\"([^\"]*)\".*", "$1");
            if (headers.contains("filename=\"")) {
                filename = headers.replaceAll("(?s).*filename=\"([^\"]*)\".*", "$1");
                size = end - (headersEnd + 4);
                digest.update(all, headersEnd + 4, size);
            } else {
                fields.put(name, new String(all, headersEnd + 4, end - (headersEnd + 4), StandardCharsets.UTF_8));
            }
            pos = end + delimiter.length + 2;
        }
        Map<String, String> copy = new java.util.HashMap<>();
        fields.properties().forEach(e -> copy.put(e.getKey(), e.getValue().asText()));
        lastUpload = new Upload(filename, size, HexFormat.of().formatHex(digest.digest()), copy);
        return fields;
    }

    private ObjectNode chunk(String object, String model) {
        return json.createObjectNode().put("id", "cmpl-vllm1").put("object", object).put("created", 1_764_000_000L)
                .put("model", model);
    }

    private static void startStream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
    }

    /** The usage chunk (when asked with stream_options.include_usage), then [DONE]. */
    private void endStream(OutputStream out, JsonNode body, String model, int prompt, int completion)
            throws IOException {
        if (body.path("stream_options").path("include_usage").asBoolean(false)) {
            ObjectNode usageChunk = chunk("chat.completion.chunk", model);
            usageChunk.putArray("choices");
            usageChunk.set("usage", usage(prompt, completion));
            event(out, usageChunk);
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void event(OutputStream out, JsonNode data) throws IOException {
        out.write(("data: " + json.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        ObjectNode body = json.createObjectNode();
        body.putObject("error").put("message", message).put("type", type).putNull("param").put("code", status);
        send(exchange, status, body);
    }

    private void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
