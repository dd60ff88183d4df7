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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A fake OpenAI API: a real HTTP server on 127.0.0.1 that answers {@code POST /v1/chat/completions} the way OpenAI
 * documents it (chat.completion objects, chat.completion.chunk SSE streams with {@code usage: null} on content chunks
 * and a final usage chunk when {@code stream_options.include_usage} is set, {@code data: [DONE]}, error objects), and
 * records every request it received so tests can check what the gateway sent upstream.
 *
 * <p>The upstream model name chooses the behaviour: {@code fail-500} answers 500, {@code reject-400} answers 400 with
 * an OpenAI error, {@code rate-limited} answers 429 with {@code Retry-After}, {@code fail-twice} answers 503 to its
 * first two calls, {@code limited-once} 429 with {@code Retry-After: 1} to its first, {@code broken-stream} sends two chunks
 * and then an in-stream error event, {@code gated-stream} holds
 * the answer after its first word until {@link #gate} opens; anything else answers "Hello! You said: LAST USER MESSAGE".
 */
final class FakeOpenAiUpstream implements AutoCloseable {
    static final String UPSTREAM_REQUEST_ID = "req_upstream_0001";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** Models whose call the gateway hung up on while this server was still answering ("hang", "hang-stream"). */
    private final List<String> abandoned = new CopyOnWriteArrayList<>();
    /** Released by a test once it has seen the first streamed event of a {@code gated-stream} answer. */
    volatile java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);

    /** A file the fake received in a multipart request, with a digest of its bytes. */
    record ReceivedFile(String field, String filename, String contentType, int size, String sha256) {
    }

    /** How many chat calls each upstream model received since the last {@link #clear()}, for fault sequences. */
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> calls = new java.util.concurrent.ConcurrentHashMap<>();

    /** The files of the last multipart request. */
    final List<ReceivedFile> files = new CopyOnWriteArrayList<>();

    /** One request the fake received. */
    record Received(String path, Map<String, List<String>> headers, JsonNode body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    FakeOpenAiUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", this::chat);
        server.createContext("/v1/embeddings", this::embeddings);
        server.createContext("/v1/responses", this::responses);
        server.createContext("/v1/images/generations", this::images);
        server.createContext("/v1/images/edits", this::images);
        server.createContext("/v1/images/variations", this::images);
        server.start();
    }

    /** The base URL to configure as the provider's {@code baseUrl}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Models whose call was hung up on by the gateway while it was being answered. */
    List<String> abandoned() {
        return abandoned;
    }

    /**
     * An answer that takes 20 s: headers at once, then (like a slow upstream keeping its connection alive) a blank
     * JSON space or an SSE comment every 100 ms. The first write that fails shows the gateway hung up: it is recorded.
     */
    private void hang(HttpExchange exchange, String model) {
        boolean stream = model.equals("hang-stream");
        byte[] keepAlive = (stream ? ": still thinking\n\n" : " ").getBytes(StandardCharsets.UTF_8);
        try {
            exchange.getResponseHeaders().add("Content-Type", stream ? "text/event-stream" : "application/json");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            if (stream) {
                out.write(("data: " + chunk(model, json.createObjectNode().put("role", "assistant").put("content",
                        "Thinking"), null, false) + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            for (int i = 0; i < 200; i++) {
                pause(100);
                out.write(keepAlive);
                out.flush();
            }
            out.write((stream ? "data: [DONE]\n\n" : "{}").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            abandoned.add(model);
        }
    }

    List<Received> received() {
        return received;
    }

    Received last() {
        return received.getLast();
    }

    void clear() {
        received.clear();
        calls.clear();
        gate = new java.util.concurrent.CountDownLatch(1);
    }

    private void chat(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
            received.add(new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                    body));
            if (!"POST".equals(exchange.getRequestMethod())) {
                error(exchange, 405, "invalid_request_error", "Method not allowed", null);
                return;
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer sk-")) {
                error(exchange, 401, "invalid_request_error", "Incorrect API key provided", "invalid_api_key");
                return;
            }
            String model = body.path("model").asText();
            int call = calls.computeIfAbsent(model, m -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
            if (model.equals("garbage")) {
                byte[] html = "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, html.length);
                exchange.getResponseBody().write(html);
                return;
            }
            if (model.equals("slow-first-byte")) {
                pause(1500);
            }
            if (model.equals("fail-twice") && call <= 2) {
                error(exchange, 503, "server_error", "The engine is currently overloaded", null);
                return;
            }
            if (model.equals("limited-once") && call == 1) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                error(exchange, 429, "rate_limit_error", "Rate limit reached", "rate_limit_exceeded");
                return;
            }
            switch (model) {
                case "hang", "hang-stream" -> hang(exchange, model);
                case "fail-500" -> error(exchange, 500, "server_error", "The server had an error", null);
                case "reject-400" -> error(exchange, 400, "invalid_request_error",
                        "Invalid value for 'temperature': must be at most 2.", "invalid_value");
                case "rate-limited" -> {
                    exchange.getResponseHeaders().add("Retry-After", "7");
                    error(exchange, 429, "rate_limit_error", "Rate limit reached", "rate_limit_exceeded");
                }
                default -> {
                    String answer = "Hello! You said: " + lastUserText(body);
                    if (body.path("stream").asBoolean(false)) {
                        stream(exchange, body, model, answer);
                    } else {
                        complete(exchange, body, model, answer);
                    }
                }
            }
        }
    }

    /** Embeddings as OpenAI answers them: one unit-ish vector per input, floats or little-endian float32 base64. */
    private void embeddings(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
            received.add(new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                    body));
            if (body.path("model").asText().equals("fail-500")) {
                error(exchange, 500, "server_error", "The server had an error", null);
                return;
            }
            JsonNode input = body.path("input");
            List<String> texts = new java.util.ArrayList<>();
            if (input.isTextual()) {
                texts.add(input.asText());
            } else {
                input.forEach(item -> texts.add(item.toString()));
            }
            int dimensions = body.path("dimensions").asInt(8);
            boolean base64 = body.path("encoding_format").asText("float").equals("base64");
            ObjectNode root = json.createObjectNode();
            root.put("object", "list");
            ArrayNode data = root.putArray("data");
            int tokens = 0;
            for (int i = 0; i < texts.size(); i++) {
                ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
                java.nio.ByteBuffer floats = java.nio.ByteBuffer.allocate(dimensions * 4)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
                ArrayNode values = json.createArrayNode();
                for (int d = 0; d < dimensions; d++) {
                    float value = (float) ((texts.get(i).length() + d) % 7) / 7f;
                    floats.putFloat(value);
                    values.add(value);
                }
                if (base64) {
                    item.put("embedding", java.util.Base64.getEncoder().encodeToString(floats.array()));
                } else {
                    item.set("embedding", values);
                }
                tokens += texts.get(i).split("\\s+").length;
            }
            root.put("model", body.path("model").asText() + "-v1");
            root.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
            send(exchange, 200, root);
        }
    }

    /** The Responses API: a response object, or its named event stream ending with response.completed. */
    private void responses(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
            received.add(new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                    body));
            JsonNode input = body.path("input");
            String said = input.isTextual() ? input.asText()
                    : input.path(input.size() - 1).path("content").isTextual()
                    ? input.path(input.size() - 1).path("content").asText()
                    : input.path(input.size() - 1).path("content").path(0).path("text").asText();
            String answer = "Hello! You said: " + said;
            if (body.path("model").asText().equals("fail-500")) {
                error(exchange, 500, "server_error", "The server had an error", null);
                return;
            }
            String model = body.path("model").asText() + "-2025-04-14";
            int inputTokens = said.split("\\s+").length + 5;
            int outputTokens = answer.split(" ").length;
            if (!body.path("stream").asBoolean(false)) {
                send(exchange, 200, response(model, "completed", answer, inputTokens, outputTokens));
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            int[] sequence = {0};
            java.util.function.BiConsumer<String, ObjectNode> event = (type, data) -> {
                data.put("type", type);
                data.put("sequence_number", sequence[0]++);
                try {
                    out.write(("event: " + type + "\ndata: " + json.writeValueAsString(data) + "\n\n")
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            ObjectNode created = json.createObjectNode();
            created.set("response", response(model, "in_progress", null, 0, 0));
            event.accept("response.created", created);
            ObjectNode added = json.createObjectNode().put("output_index", 0);
            added.putObject("item").put("type", "message").put("id", "msg_fake").put("status", "in_progress")
                    .put("role", "assistant").putArray("content");
            event.accept("response.output_item.added", added);
            for (String piece : answer.split("(?<= )")) {
                ObjectNode delta = json.createObjectNode().put("item_id", "msg_fake").put("output_index", 0)
                        .put("content_index", 0).put("delta", piece);
                delta.putArray("logprobs");
                event.accept("response.output_text.delta", delta);
            }
            ObjectNode textDone = json.createObjectNode().put("item_id", "msg_fake").put("output_index", 0)
                    .put("content_index", 0).put("text", answer);
            textDone.putArray("logprobs");
            event.accept("response.output_text.done", textDone);
            ObjectNode completed = json.createObjectNode();
            completed.set("response", response(model, "completed", answer, inputTokens, outputTokens));
            event.accept("response.completed", completed);
        }
    }

    /**
     * The images API: generations (JSON) and edits and variations (multipart, parsed here the way a server would, the
     * fields recorded as the body and the files with a digest), answered with one tiny PNG per image, as b64_json or
     * as a URL, plus usage; a stream sends a partial image and then the completed event with usage.
     */
    private void images(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            ObjectNode body;
            if (contentType != null && contentType.startsWith("multipart/form-data")) {
                body = json.createObjectNode();
                files.clear();
                parseMultipart(raw, contentType.substring(contentType.indexOf("boundary=") + 9), body);
            } else {
                body = (ObjectNode) json.readTree(raw);
            }
            received.add(new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                    body));
            if (body.path("model").asText().equals("fail-500")) {
                error(exchange, 500, "server_error", "The server had an error", null);
                return;
            }
            String png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
            int n = Integer.parseInt(body.path("n").asText("1"));
            boolean url = body.path("response_format").asText("b64_json").equals("url");
            if (body.path("stream").asText("false").equals("true")) {
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                String prefix = exchange.getRequestURI().getPath().endsWith("edits") ? "image_edit" : "image_generation";
                OutputStream out = exchange.getResponseBody();
                out.write(("event: " + prefix + ".partial_image\ndata: {\"type\":\"" + prefix + ".partial_image\","
                        + "\"b64_json\":\"" + png + "\",\"partial_image_index\":0,\"created_at\":1764000000,"
                        + "\"size\":\"1024x1024\",\"quality\":\"low\",\"background\":\"opaque\",\"output_format\":\"png\"}\n\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write(("event: " + prefix + ".completed\ndata: {\"type\":\"" + prefix + ".completed\","
                        + "\"b64_json\":\"" + png + "\",\"created_at\":1764000000,\"size\":\"1024x1024\","
                        + "\"quality\":\"low\",\"background\":\"opaque\",\"output_format\":\"png\","
                        + "\"usage\":{\"input_tokens\":11,\"output_tokens\":272,\"total_tokens\":283,"
                        + "\"input_tokens_details\":{\"text_tokens\":11,\"image_tokens\":0}}}\n\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                return;
            }
            ObjectNode answer = json.createObjectNode();
            answer.put("created", 1_764_000_000L);
            ArrayNode data = answer.putArray("data");
            for (int i = 0; i < n; i++) {
                if (url) {
                    data.addObject().put("url", "https://images.example.invalid/img-" + i + ".png");
                } else {
                    data.addObject().put("b64_json", png);
                }
            }
            answer.putObject("usage").put("input_tokens", 11).put("output_tokens", 272).put("total_tokens", 283)
                    .putObject("input_tokens_details").put("text_tokens", 11).put("image_tokens", 0);
            send(exchange, 200, answer);
        }
    }

    private void parseMultipart(byte[] raw, String boundary, ObjectNode fields) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        for (String part : text.split("--" + java.util.regex.Pattern.quote(boundary))) {
            int split = part.indexOf("\r\n\r\n");
            if (split < 0) {
                continue;
            }
            String headers = part.substring(0, split);
            String content = part.substring(split + 4, part.length() - 2);
            java.util.regex.Matcher name = java.util.regex.Pattern.compile("name=\"([^\"]*)\"").matcher(headers);
            java.util.regex.Matcher filename = java.util.regex.Pattern.compile("filename=\"([^\"]*)\"").matcher(headers);
            java.util.regex.Matcher type = java.util.regex.Pattern.compile("(?i)content-type: *(\\S+)").matcher(headers);
            if (!name.find()) {
                continue;
            }
            if (filename.find()) {
                byte[] bytes = content.getBytes(StandardCharsets.ISO_8859_1);
                try {
                    String digest = java.util.HexFormat.of().formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
                    files.add(new ReceivedFile(name.group(1), filename.group(1), type.find() ? type.group(1) : "",
                            bytes.length, digest));
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            } else {
                fields.put(name.group(1), new String(content.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
            }
        }
    }

    private ObjectNode response(String model, String status, String answer, int inputTokens, int outputTokens) {
        ObjectNode response = json.createObjectNode();
        response.put("id", "resp_fake123");
        response.put("object", "response");
        response.put("created_at", 1_764_000_000L);
        response.put("status", status);
        response.putNull("error");
        response.putNull("incomplete_details");
        response.putNull("instructions");
        response.putNull("max_output_tokens");
        response.put("model", model);
        ArrayNode output = response.putArray("output");
        if (answer != null) {
            ObjectNode message = output.addObject().put("type", "message").put("id", "msg_fake")
                    .put("status", "completed").put("role", "assistant");
            message.putArray("content").addObject().put("type", "output_text").put("text", answer)
                    .putArray("annotations");
        }
        response.put("parallel_tool_calls", true);
        response.putNull("previous_response_id");
        response.put("temperature", 1.0);
        response.putObject("text").putObject("format").put("type", "text");
        response.put("tool_choice", "auto");
        response.putArray("tools");
        response.put("top_p", 1.0);
        response.put("truncation", "disabled");
        if (answer == null) {
            response.putNull("usage");
        } else {
            ObjectNode usage = response.putObject("usage");
            usage.put("input_tokens", inputTokens);
            usage.putObject("input_tokens_details").put("cached_tokens", 0);
            usage.put("output_tokens", outputTokens);
            usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
            usage.put("total_tokens", inputTokens + outputTokens);
        }
        response.putNull("user");
        response.putObject("metadata");
        return response;
    }

    private static String lastUserText(JsonNode body) {
        String text = "";
        for (JsonNode message : body.path("messages")) {
            if (message.path("role").asText().equals("user")) {
                JsonNode content = message.path("content");
                text = content.isTextual() ? content.asText() : content.path(0).path("text").asText();
            }
        }
        return text;
    }

    static int promptTokens(JsonNode body) {
        int words = 0;
        for (JsonNode message : body.path("messages")) {
            words += message.path("content").asText().split("\\s+").length + 3;
        }
        return words;
    }

    /** The first tool the model should call, when the request offers tools and does not forbid calling them. */
    private static String toolToCall(JsonNode body) {
        JsonNode tools = body.path("tools");
        if (!tools.isArray() || tools.isEmpty() || body.path("tool_choice").asText("").equals("none")) {
            return null;
        }
        return tools.path(0).path("function").path("name").asText();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void complete(HttpExchange exchange, JsonNode body, String model, String answer) throws IOException {
        ObjectNode root = json.createObjectNode();
        root.put("id", "chatcmpl-fake123");
        root.put("object", "chat.completion");
        root.put("created", 1_764_000_000L);
        root.put("model", model + "-2024-07-18");
        ArrayNode choices = root.putArray("choices");
        String tool = toolToCall(body);
        for (int index = 0; index < Math.max(1, body.path("n").asInt(1)); index++) {
            ObjectNode choice = choices.addObject();
            choice.put("index", index);
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            if (tool != null) {
                message.putNull("content");
                ObjectNode call = message.putArray("tool_calls").addObject();
                call.put("id", "call_fake1");
                call.put("type", "function");
                call.putObject("function").put("name", tool).put("arguments", "{\"location\":\"Paris\"}");
            } else {
                message.put("content", answer);
            }
            message.putNull("refusal");
            message.putArray("annotations");
            if (body.path("logprobs").asBoolean(false)) {
                ObjectNode token = choice.putObject("logprobs").putArray("content").addObject();
                token.put("token", "Hello").put("logprob", -0.01).putNull("bytes");
                token.putArray("top_logprobs");
                choice.with("logprobs").putArray("refusal");
            } else {
                choice.putNull("logprobs");
            }
            choice.put("finish_reason", tool != null ? "tool_calls" : "stop");
        }
        ObjectNode usage = root.putObject("usage");
        int prompt = promptTokens(body);
        int completion = answer.split(" ").length;
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
        usage.putObject("prompt_tokens_details").put("cached_tokens", 0).put("audio_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", 0).put("audio_tokens", 0)
                .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
        root.put("service_tier", "default");
        root.put("system_fingerprint", "fp_fake");
        send(exchange, 200, root);
    }

    private void stream(HttpExchange exchange, JsonNode body, String model, String answer) throws IOException {
        boolean includeUsage = body.path("stream_options").path("include_usage").asBoolean(false);
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().add("x-request-id", UPSTREAM_REQUEST_ID);
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        String upstreamModel = model + "-2024-07-18";
        writeChunk(out, chunk(upstreamModel, json.createObjectNode().put("role", "assistant").put("content", ""),
                null, includeUsage));
        String tool = toolToCall(body);
        if (tool != null) {
            // As OpenAI streams a call: id, type and name first, then the arguments in pieces.
            ObjectNode first = json.createObjectNode();
            ObjectNode call = first.putArray("tool_calls").addObject().put("index", 0).put("id", "call_fake1")
                    .put("type", "function");
            call.putObject("function").put("name", tool).put("arguments", "");
            writeChunk(out, chunk(upstreamModel, first, null, includeUsage));
            for (String piece : new String[]{"{\"loca", "tion\":\"Pa", "ris\"}"}) {
                ObjectNode delta = json.createObjectNode();
                delta.putArray("tool_calls").addObject().put("index", 0).putObject("function").put("arguments", piece);
                writeChunk(out, chunk(upstreamModel, delta, null, includeUsage));
            }
            writeChunk(out, chunk(upstreamModel, json.createObjectNode(), "tool_calls", includeUsage));
            finishStream(out, body, upstreamModel, answer, includeUsage);
            return;
        }
        String[] words = answer.split("(?<= )");
        for (int i = 0; i < words.length; i++) {
            if (model.equals("broken-stream") && i == 2) {
                // OpenAI reports a failure after the stream started as an error object in a data event.
                out.write(("data: {\"error\":{\"message\":\"The server had an error while processing your request.\","
                        + "\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                return;
            }
            writeChunk(out, chunk(upstreamModel, json.createObjectNode().put("content", words[i]), null, includeUsage));
            if (model.equals("slow-stream")) {
                pause(400);
            }
            if (model.equals("gated-stream") && i == 0) {
                // Hold the rest back until the client proves the first piece already reached it.
                try {
                    if (!gate.await(20, java.util.concurrent.TimeUnit.SECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        writeChunk(out, chunk(upstreamModel, json.createObjectNode(), "stop", includeUsage));
        finishStream(out, body, upstreamModel, answer, includeUsage);
    }

    private void finishStream(OutputStream out, JsonNode body, String upstreamModel, String answer,
                              boolean includeUsage) throws IOException {
        if (includeUsage) {
            ObjectNode last = json.createObjectNode();
            last.put("id", "chatcmpl-fake123");
            last.put("object", "chat.completion.chunk");
            last.put("created", 1_764_000_000L);
            last.put("model", upstreamModel);
            last.put("system_fingerprint", "fp_fake");
            last.putArray("choices");
            int prompt = promptTokens(body);
            int completion = answer.split(" ").length;
            last.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
                    .put("total_tokens", prompt + completion);
            writeChunk(out, last);
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private ObjectNode chunk(String model, ObjectNode delta, String finishReason, boolean includeUsage) {
        ObjectNode chunk = json.createObjectNode();
        chunk.put("id", "chatcmpl-fake123");
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", 1_764_000_000L);
        chunk.put("model", model);
        chunk.put("system_fingerprint", "fp_fake");
        ArrayNode choices = chunk.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        if (includeUsage) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    private void writeChunk(OutputStream out, ObjectNode chunk) throws IOException {
        out.write(("data: " + json.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void error(HttpExchange exchange, int status, String type, String message, String code) throws IOException {
        ObjectNode root = json.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.putNull("param");
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        send(exchange, status, root);
    }

    private void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("x-request-id", UPSTREAM_REQUEST_ID);
        exchange.sendResponseHeaders(status, bytes.length);
        if (body.path("model").asText().startsWith("slow-body")) {
            // Headers now, the body much later: only a whole-answer timeout catches this.
            exchange.getResponseBody().flush();
            pause(1500);
        }
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
