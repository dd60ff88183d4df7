package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake vLLM server: a real HTTP server on 127.0.0.1 answering as {@code vllm serve} (vLLM's OpenAI-compatible
 * server) does, with the shapes of {@code vllm/entrypoints/openai/protocol.py}:
 *
 * <ul>
 *   <li>{@code GET /v1/models}: a {@code ModelList} of the models served so far (the served model name is whatever
 *       a request's {@code model} says).</li>
 *   <li>{@code POST /v1/chat/completions}, {@code /v1/completions}: {@code chat.completion} / {@code text_completion},
 *       or SSE chunks, a final {@code choices: []} usage chunk when {@code stream_options.include_usage} is true, then
 *       {@code data: [DONE]}. Content chunks carry no {@code usage} key (vLLM serializes them with
 *       {@code exclude_unset}).</li>
 *   <li>{@code POST /v1/responses}: a {@code ResponsesResponse}, or its named event stream ending with
 *       {@code response.completed}.</li>
 *   <li>{@code POST /v1/embeddings}, {@code /pooling}, {@code /classify}, {@code /score} (and {@code /v1/score}),
 *       {@code /rerank} (and {@code /v1/rerank}): {@code EmbeddingResponse}, {@code PoolingResponse},
 *       {@code ClassificationResponse}, {@code ScoreResponse}, {@code RerankResponse}.</li>
 *   <li>{@code POST /tokenize} ({@code TokenizeResponse}) and {@code /detokenize} ({@code DetokenizeResponse}); they
 *       share a vocabulary, so detokenizing what was tokenized gives the text back.</li>
 *   <li>{@code POST /v1/audio/transcriptions} and {@code /v1/audio/translations}: {@code multipart/form-data}, read
 *       as a stream (the file is never held whole: its size and SHA-256 are recorded); {@code response_format}
 *       {@code json} (with a duration usage), {@code text}, {@code srt}, {@code vtt}, {@code verbose_json};
 *       {@code stream=true} answers {@code transcription.chunk} / {@code translation.chunk} SSE chunks, a usage chunk
 *       when {@code stream_include_usage=true}, then {@code [DONE]}.</li>
 * </ul>
 *
 * <p>With an API key ({@code vllm serve --api-key}) it does what vLLM's {@code AuthenticationMiddleware} does: a path
 * starting with {@code /v1} without {@code Authorization: Bearer KEY} is answered 401 {@code {"error":"Unauthorized"}};
 * root paths ({@code /tokenize}, {@code /pooling}, ...) are not checked. Every request is recorded anyway, headers
 * included, so tests can check what credentials reached it.
 *
 * <p>Errors are recent vLLM's {@code ErrorResponse}: {@code {"error":{"message","type","param","code"}}} with the HTTP
 * status as {@code code}. The model name chooses faults: {@code fail-500} answers 500 ({@code InternalServerError}),
 * {@code reject-400} answers 400 ({@code BadRequestError}, a context-length message), {@code legacy-400} answers 400 in
 * older vLLM's flat shape {@code {"object":"error","message",...}}.
 */
final class FakeVllmUpstream implements AutoCloseable {
    static final String CONTEXT_LENGTH_MESSAGE = "This model's maximum context length is 8192 tokens. However, you "
            + "requested 9000 tokens (8000 in the messages, 1000 in the completion). Please reduce the length of the "
            + "messages or completion.";
    static final String LEGACY_MESSAGE = "best_of must be 1 when using greedy sampling.Got 4.";
    static final int MAX_MODEL_LEN = 8192;
    static final int BOS = 128000;
    static final long CREATED = 1_764_000_000L;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final String apiKey;
    private final List<FakeOpenAiUpstream.Received> received = new CopyOnWriteArrayList<>();
    private final List<Upload> uploads = new CopyOnWriteArrayList<>();
    private final Set<String> servedModels = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> vocabulary = new ConcurrentHashMap<>();
    private final Map<Integer, String> words = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    /**
     * A file part of a multipart request, as the fake read it.
     *
     * @param field       the form field
     * @param filename    the part's file name
     * @param contentType the part's content type
     * @param size        how many bytes it had
     * @param sha256      their SHA-256, in hex
     */
    record Upload(String field, String filename, String contentType, long size, String sha256) {
    }

    /** A server without an API key: every path is open, as with {@code vllm serve} without {@code --api-key}. */
    FakeVllmUpstream() throws IOException {
        this(null);
    }

    /** A server started with {@code --api-key apiKey}, or without one when it is null. */
    FakeVllmUpstream(String apiKey) throws IOException {
        this.apiKey = apiKey;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** The server's root ({@code http://127.0.0.1:PORT}), as an operator configures a vLLM provider. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Every request received since the last {@link #clear()}. The body is the JSON body, or for a multipart request an
     * object of its text fields in which each file field is {@code {"filename","content_type","size","sha256"}}.
     */
    List<FakeOpenAiUpstream.Received> received() {
        return received;
    }

    FakeOpenAiUpstream.Received last() {
        if (received.isEmpty()) {
            throw new AssertionError("the fake vLLM server received no request");
        }
        return received.getLast();
    }

    /** Every file part received since the last {@link #clear()}. */
    List<Upload> uploads() {
        return uploads;
    }

    Upload lastUpload() {
        if (uploads.isEmpty()) {
            throw new AssertionError("the fake vLLM server received no file");
        }
        return uploads.getLast();
    }

    /** The model names requests asked for (vLLM's served model names, here whatever was asked). */
    Set<String> servedModels() {
        return Set.copyOf(servedModels);
    }

    void clear() {
        received.clear();
        uploads.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---------------------------------------------------------------------------------------------------- dispatch

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            JsonNode body;
            String bodyError = null;
            if (contentType != null && contentType.toLowerCase().startsWith("multipart/form-data")) {
                body = readMultipart(exchange.getRequestBody(), boundary(contentType));
            } else if (method.equals("POST")) {
                byte[] raw = exchange.getRequestBody().readAllBytes();
                JsonNode parsed;
                try {
                    parsed = raw.length == 0 ? null : json.readTree(raw);
                } catch (IOException e) {
                    parsed = null;
                }
                if (parsed == null || !parsed.isObject()) {
                    bodyError = "JSON decode error";
                    body = json.createObjectNode();
                } else {
                    body = parsed;
                }
            } else {
                exchange.getRequestBody().readAllBytes();
                body = json.createObjectNode();
            }
            received.add(new FakeOpenAiUpstream.Received(path, Map.copyOf(exchange.getRequestHeaders()), body));

            // vLLM's AuthenticationMiddleware: only /v1 paths, OPTIONS exempt, body {"error":"Unauthorized"}.
            if (apiKey != null && path.startsWith("/v1") && !method.equals("OPTIONS")
                    && !("Bearer " + apiKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, json.createObjectNode().put("error", "Unauthorized"));
                return;
            }
            boolean known = switch (path) {
                case "/v1/models", "/v1/chat/completions", "/v1/completions", "/v1/responses", "/v1/embeddings",
                     "/pooling", "/classify", "/score", "/v1/score", "/rerank", "/v1/rerank", "/tokenize",
                     "/detokenize", "/v1/audio/transcriptions", "/v1/audio/translations" -> true;
                default -> false;
            };
            if (!known) {
                // FastAPI's own answer for a path no route serves.
                send(exchange, 404, json.createObjectNode().put("detail", "Not Found"));
                return;
            }
            if (path.equals("/v1/models")) {
                if (!method.equals("GET")) {
                    send(exchange, 405, json.createObjectNode().put("detail", "Method Not Allowed"));
                } else {
                    models(exchange);
                }
                return;
            }
            if (!method.equals("POST")) {
                send(exchange, 405, json.createObjectNode().put("detail", "Method Not Allowed"));
                return;
            }
            if (bodyError != null) {
                error(exchange, 400, "BadRequestError", bodyError);
                return;
            }
            String model = body.path("model").asText("");
            if (!model.isEmpty()) {
                servedModels.add(model);
            }
            switch (model) {
                case "fail-500" -> {
                    error(exchange, 500, "InternalServerError",
                            "EngineCore encountered an issue. See stack trace (above) for the root cause.");
                    return;
                }
                case "reject-400" -> {
                    error(exchange, 400, "BadRequestError", CONTEXT_LENGTH_MESSAGE);
                    return;
                }
                case "legacy-400" -> {
                    ObjectNode legacy = json.createObjectNode().put("object", "error").put("message", LEGACY_MESSAGE)
                            .put("type", "BadRequestError").putNull("param").put("code", 400);
                    send(exchange, 400, legacy);
                    return;
                }
                default -> {
                }
            }
            switch (path) {
                case "/v1/chat/completions" -> chat(exchange, body, model);
                case "/v1/completions" -> completions(exchange, body, model);
                case "/v1/responses" -> responses(exchange, body, model);
                case "/v1/embeddings" -> embeddings(exchange, body, model);
                case "/pooling" -> pooling(exchange, body, model);
                case "/classify" -> classify(exchange, body, model);
                case "/score", "/v1/score" -> score(exchange, body, model);
                case "/rerank", "/v1/rerank" -> rerank(exchange, body, model);
                case "/tokenize" -> tokenize(exchange, body);
                case "/detokenize" -> detokenize(exchange, body);
                case "/v1/audio/transcriptions" -> audio(exchange, body, model, false);
                case "/v1/audio/translations" -> audio(exchange, body, model, true);
                default -> throw new IllegalStateException(path);
            }
        } catch (RuntimeException e) {
            // A bug in the fake must show up in the test's output, not as a silently dropped connection.
            e.printStackTrace();
            throw e;
        }
    }

    // ------------------------------------------------------------------------------------------------------ models

    private void models(HttpExchange exchange) throws IOException {
        ObjectNode list = json.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        Set<String> names = servedModels.isEmpty() ? Set.of("meta-llama/Llama-3.1-8B-Instruct") : servedModels();
        for (String name : names) {
            ObjectNode card = data.addObject().put("id", name).put("object", "model").put("created", CREATED)
                    .put("owned_by", "vllm").put("root", name).putNull("parent").put("max_model_len", MAX_MODEL_LEN);
            card.putArray("permission").addObject().put("id", "modelperm-" + id()).put("object", "model_permission")
                    .put("created", CREATED).put("allow_create_engine", false).put("allow_sampling", true)
                    .put("allow_logprobs", true).put("allow_search_indices", false).put("allow_view", true)
                    .put("allow_fine_tuning", false).put("organization", "*").putNull("group")
                    .put("is_blocking", false);
        }
        send(exchange, 200, list);
    }

    // -------------------------------------------------------------------------------------------------- generation

    /** The answer to a chat: "Hello from vLLM: " and the last user message's text. */
    static String chatAnswer(String lastUserText) {
        return "Hello from vLLM: " + lastUserText;
    }

    /** The answer to a text completion of {@code prompt}. */
    static String completionAnswer(String prompt) {
        return " and vLLM continued " + prompt;
    }

    private void chat(HttpExchange exchange, JsonNode body, String model) throws IOException {
        String answer = chatAnswer(lastUserText(body.path("messages")));
        int prompt = promptTokens(body.path("messages"));
        int completion = countTokens(answer);
        String id = "chatcmpl-" + id();
        if (body.path("stream").asBoolean(false)) {
            OutputStream out = startStream(exchange);
            ObjectNode first = chunk(id, "chat.completion.chunk", model);
            ObjectNode firstChoice = first.putArray("choices").addObject().put("index", 0);
            firstChoice.putObject("delta").put("role", "assistant").put("content", "");
            firstChoice.putNull("logprobs").putNull("finish_reason");
            event(out, first);
            for (String piece : pieces(answer)) {
                ObjectNode chunk = chunk(id, "chat.completion.chunk", model);
                ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
                choice.putObject("delta").put("content", piece);
                choice.putNull("logprobs").putNull("finish_reason");
                event(out, chunk);
            }
            ObjectNode last = chunk(id, "chat.completion.chunk", model);
            ObjectNode lastChoice = last.putArray("choices").addObject().put("index", 0);
            lastChoice.putObject("delta").put("content", "");
            lastChoice.putNull("logprobs").put("finish_reason", "stop").putNull("stop_reason");
            event(out, last);
            endStream(out, id, "chat.completion.chunk", model, body.path("stream_options"), prompt, completion);
            return;
        }
        ObjectNode root = chunk(id, "chat.completion", model);
        ArrayNode choices = root.putArray("choices");
        for (int index = 0; index < Math.max(1, body.path("n").asInt(1)); index++) {
            ObjectNode choice = choices.addObject().put("index", index);
            ObjectNode message = choice.putObject("message").put("role", "assistant").put("content", answer);
            message.putNull("refusal").putNull("annotations").putNull("audio").putNull("function_call");
            message.putArray("tool_calls");
            message.putNull("reasoning_content");
            choice.putNull("logprobs").put("finish_reason", "stop").putNull("stop_reason");
        }
        root.putNull("service_tier").putNull("system_fingerprint");
        root.set("usage", usage(prompt, completion * choices.size()));
        root.putNull("prompt_logprobs").putNull("kv_transfer_params");
        send(exchange, 200, root);
    }

    private void completions(HttpExchange exchange, JsonNode body, String model) throws IOException {
        List<String> prompts = texts(body.path("prompt"));
        if (prompts.isEmpty()) {
            error(exchange, 400, "BadRequestError", "At least one of `prompt` or `prompt_embeds` must be set.");
            return;
        }
        String id = "cmpl-" + id();
        int prompt = 0;
        int completion = 0;
        for (String text : prompts) {
            prompt += countTokens(text) + 1;
            completion += countTokens(completionAnswer(text));
        }
        if (body.path("stream").asBoolean(false)) {
            OutputStream out = startStream(exchange);
            for (int index = 0; index < prompts.size(); index++) {
                for (String piece : pieces(completionAnswer(prompts.get(index)))) {
                    ObjectNode chunk = chunk(id, "text_completion", model);
                    chunk.putArray("choices").addObject().put("index", index).put("text", piece).putNull("logprobs")
                            .putNull("finish_reason").putNull("stop_reason");
                    event(out, chunk);
                }
                ObjectNode last = chunk(id, "text_completion", model);
                last.putArray("choices").addObject().put("index", index).put("text", "").putNull("logprobs")
                        .put("finish_reason", "length").putNull("stop_reason");
                event(out, last);
            }
            endStream(out, id, "text_completion", model, body.path("stream_options"), prompt, completion);
            return;
        }
        ObjectNode root = chunk(id, "text_completion", model);
        ArrayNode choices = root.putArray("choices");
        for (int index = 0; index < prompts.size(); index++) {
            choices.addObject().put("index", index).put("text", completionAnswer(prompts.get(index)))
                    .putNull("logprobs").put("finish_reason", "length").putNull("stop_reason")
                    .putNull("prompt_logprobs");
        }
        root.putNull("service_tier").putNull("system_fingerprint");
        root.set("usage", usage(prompt, completion));
        root.putNull("kv_transfer_params");
        send(exchange, 200, root);
    }

    private void responses(HttpExchange exchange, JsonNode body, String model) throws IOException {
        JsonNode input = body.path("input");
        String said = input.isTextual() ? input.asText() : lastUserText(input);
        String answer = chatAnswer(said);
        int inputTokens = input.isTextual() ? countTokens(said) + 4 : promptTokens(input);
        int outputTokens = countTokens(answer);
        String id = body.path("request_id").asText("resp_" + id());
        String messageId = "msg_" + id();
        if (!body.path("stream").asBoolean(false)) {
            send(exchange, 200, response(body, id, model, "completed",
                    List.of(message(messageId, answer, "completed")), inputTokens, outputTokens));
            return;
        }
        OutputStream out = startStream(exchange);
        int[] sequence = {0};
        ObjectNode created = json.createObjectNode().put("type", "response.created");
        created.set("response", response(body, id, model, "in_progress", List.of(), -1, -1));
        named(out, created, sequence);
        ObjectNode progress = json.createObjectNode().put("type", "response.in_progress");
        progress.set("response", response(body, id, model, "in_progress", List.of(), -1, -1));
        named(out, progress, sequence);
        ObjectNode added = json.createObjectNode().put("type", "response.output_item.added").put("output_index", 0);
        // An added message item starts with no content.
        added.set("item", emptyMessage(messageId));
        named(out, added, sequence);
        ObjectNode partAdded = json.createObjectNode().put("type", "response.content_part.added")
                .put("item_id", messageId).put("output_index", 0).put("content_index", 0);
        partAdded.putObject("part").put("type", "output_text").put("text", "").putArray("annotations");
        named(out, partAdded, sequence);
        for (String piece : pieces(answer)) {
            ObjectNode delta = json.createObjectNode().put("type", "response.output_text.delta")
                    .put("item_id", messageId).put("output_index", 0).put("content_index", 0).put("delta", piece);
            delta.putArray("logprobs");
            named(out, delta, sequence);
        }
        ObjectNode textDone = json.createObjectNode().put("type", "response.output_text.done")
                .put("item_id", messageId).put("output_index", 0).put("content_index", 0).put("text", answer);
        textDone.putArray("logprobs");
        named(out, textDone, sequence);
        ObjectNode partDone = json.createObjectNode().put("type", "response.content_part.done")
                .put("item_id", messageId).put("output_index", 0).put("content_index", 0);
        partDone.putObject("part").put("type", "output_text").put("text", answer).putArray("annotations");
        named(out, partDone, sequence);
        ObjectNode itemDone = json.createObjectNode().put("type", "response.output_item.done").put("output_index", 0);
        itemDone.set("item", message(messageId, answer, "completed"));
        named(out, itemDone, sequence);
        ObjectNode completed = json.createObjectNode().put("type", "response.completed");
        completed.set("response", response(body, id, model, "completed",
                List.of(message(messageId, answer, "completed")), inputTokens, outputTokens));
        named(out, completed, sequence);
    }

    private ObjectNode emptyMessage(String id) {
        ObjectNode message = json.createObjectNode().put("id", id);
        message.putArray("content");
        return message.put("role", "assistant").put("status", "in_progress").put("type", "message");
    }

    private ObjectNode message(String id, String text, String status) {
        ObjectNode message = json.createObjectNode().put("id", id);
        ObjectNode part = message.putArray("content").addObject();
        part.putArray("annotations");
        part.put("text", text).put("type", "output_text").putNull("logprobs");
        return message.put("role", "assistant").put("status", status).put("type", "message");
    }

    /** A {@code ResponsesResponse}, fields in vLLM's order; without usage when the token counts are negative. */
    private ObjectNode response(JsonNode request, String id, String model, String status, List<ObjectNode> output,
                                int inputTokens, int outputTokens) {
        ObjectNode response = json.createObjectNode().put("id", id).put("created_at", CREATED);
        response.set("instructions", request.path("instructions").isTextual() ? request.get("instructions") : null);
        response.set("metadata", request.path("metadata").isObject() ? request.get("metadata") : null);
        response.put("model", model).put("object", "response");
        output.forEach(response.putArray("output")::add);
        response.put("parallel_tool_calls", request.path("parallel_tool_calls").asBoolean(true));
        response.put("temperature", request.path("temperature").asDouble(1.0));
        response.put("tool_choice", "auto");
        response.putArray("tools");
        response.put("top_p", request.path("top_p").asDouble(1.0));
        response.put("background", false);
        response.put("max_output_tokens", request.path("max_output_tokens").asInt(MAX_MODEL_LEN - 16));
        response.putNull("max_tool_calls").putNull("previous_response_id").putNull("prompt").putNull("reasoning");
        response.put("service_tier", "auto").put("status", status);
        response.putNull("text");
        response.put("top_logprobs", 0).put("truncation", "disabled");
        if (inputTokens < 0) {
            response.putNull("usage");
        } else {
            ObjectNode usage = response.putObject("usage").put("input_tokens", inputTokens);
            usage.putObject("input_tokens_details").put("cached_tokens", 0);
            usage.put("output_tokens", outputTokens);
            usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
            usage.put("total_tokens", inputTokens + outputTokens);
        }
        response.putNull("user");
        return response;
    }

    // ----------------------------------------------------------------------------------------------------- pooling

    private void embeddings(HttpExchange exchange, JsonNode body, String model) throws IOException {
        List<String> inputs = texts(body.path("input"));
        if (inputs.isEmpty()) {
            error(exchange, 400, "BadRequestError", "Field required: input");
            return;
        }
        int dimensions = body.path("dimensions").asInt(4);
        boolean base64 = body.path("encoding_format").asText("float").equals("base64");
        ObjectNode root = json.createObjectNode().put("id", "embd-" + id()).put("object", "list")
                .put("created", CREATED).put("model", model);
        ArrayNode data = root.putArray("data");
        int tokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            float[] vector = vector(inputs.get(i), dimensions);
            ObjectNode item = data.addObject().put("index", i).put("object", "embedding");
            if (base64) {
                ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float value : vector) {
                    bytes.putFloat(value);
                }
                item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float value : vector) {
                    values.add(value);
                }
            }
            tokens += countTokens(inputs.get(i)) + 1;
        }
        root.set("usage", usage(tokens, 0));
        send(exchange, 200, root);
    }

    private void pooling(HttpExchange exchange, JsonNode body, String model) throws IOException {
        List<String> inputs = texts(body.path("input"));
        if (inputs.isEmpty()) {
            error(exchange, 400, "BadRequestError", "Field required: input");
            return;
        }
        ObjectNode root = json.createObjectNode().put("id", "pool-" + id()).put("object", "list")
                .put("created", CREATED).put("model", model);
        ArrayNode data = root.putArray("data");
        int tokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            // A token-level pooler: one vector per token.
            ArrayNode rows = data.addObject().put("index", i).put("object", "pooling").putArray("data");
            int count = countTokens(inputs.get(i)) + 1;
            for (int t = 0; t < count; t++) {
                ArrayNode row = rows.addArray();
                for (float value : vector(inputs.get(i) + t, 3)) {
                    row.add(value);
                }
            }
            tokens += count;
        }
        root.set("usage", usage(tokens, 0));
        send(exchange, 200, root);
    }

    private void classify(HttpExchange exchange, JsonNode body, String model) throws IOException {
        List<String> inputs = texts(body.path("input"));
        if (inputs.isEmpty()) {
            error(exchange, 400, "BadRequestError", "Field required: input");
            return;
        }
        ObjectNode root = json.createObjectNode().put("id", "classify-" + id()).put("object", "list")
                .put("created", CREATED).put("model", model);
        ArrayNode data = root.putArray("data");
        int tokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            boolean positive = inputs.get(i).toLowerCase().matches(".*\\b(good|great|love|excellent)\\b.*");
            ObjectNode item = data.addObject().put("index", i).put("label", positive ? "positive" : "negative");
            item.putArray("probs").add(positive ? 0.1 : 0.9).add(positive ? 0.9 : 0.1);
            item.put("num_classes", 2);
            tokens += countTokens(inputs.get(i)) + 1;
        }
        root.set("usage", usage(tokens, 0));
        send(exchange, 200, root);
    }

    private void score(HttpExchange exchange, JsonNode body, String model) throws IOException {
        List<String> first = texts(body.path("text_1"));
        List<String> second = texts(body.path("text_2"));
        if (first.isEmpty() || second.isEmpty()) {
            error(exchange, 400, "BadRequestError", "Field required: text_1 and text_2");
            return;
        }
        if (first.size() != 1 && first.size() != second.size()) {
            error(exchange, 400, "BadRequestError", "text_1 and text_2 lists must have the same length");
            return;
        }
        ObjectNode root = json.createObjectNode().put("id", "score-" + id()).put("object", "list")
                .put("created", CREATED).put("model", model);
        ArrayNode data = root.putArray("data");
        int tokens = 0;
        for (int i = 0; i < second.size(); i++) {
            String query = first.size() == 1 ? first.getFirst() : first.get(i);
            data.addObject().put("index", i).put("object", "score").put("score", relevance(query, second.get(i)));
            tokens += countTokens(query) + countTokens(second.get(i)) + 2;
        }
        root.set("usage", usage(tokens, 0));
        send(exchange, 200, root);
    }

    private void rerank(HttpExchange exchange, JsonNode body, String model) throws IOException {
        List<String> query = texts(body.path("query"));
        List<String> documents = texts(body.path("documents"));
        if (query.size() != 1 || documents.isEmpty()) {
            error(exchange, 400, "BadRequestError", "Field required: query and documents");
            return;
        }
        List<ObjectNode> results = new ArrayList<>();
        int tokens = 0;
        for (int i = 0; i < documents.size(); i++) {
            ObjectNode result = json.createObjectNode().put("index", i);
            result.putObject("document").put("text", documents.get(i)).putNull("multi_modal");
            result.put("relevance_score", relevance(query.getFirst(), documents.get(i)));
            results.add(result);
            tokens += countTokens(query.getFirst()) + countTokens(documents.get(i)) + 2;
        }
        results.sort((a, b) -> Double.compare(b.path("relevance_score").asDouble(),
                a.path("relevance_score").asDouble()));
        int topN = body.path("top_n").asInt(0);
        if (topN > 0 && topN < results.size()) {
            results = results.subList(0, topN);
        }
        ObjectNode root = json.createObjectNode().put("id", "rerank-" + id()).put("model", model);
        root.putObject("usage").put("total_tokens", tokens);
        results.forEach(root.putArray("results")::add);
        send(exchange, 200, root);
    }

    // ---------------------------------------------------------------------------------------------------- tokenize

    private void tokenize(HttpExchange exchange, JsonNode body) throws IOException {
        String text;
        boolean special;
        if (body.has("messages")) {
            StringBuilder joined = new StringBuilder();
            for (JsonNode message : body.path("messages")) {
                joined.append(joined.isEmpty() ? "" : " ").append(textOf(message.path("content")));
            }
            text = joined.toString();
            special = body.path("add_special_tokens").asBoolean(false);
        } else if (body.path("prompt").isTextual()) {
            text = body.get("prompt").asText();
            special = body.path("add_special_tokens").asBoolean(true);
        } else {
            error(exchange, 400, "BadRequestError", "Field required: prompt");
            return;
        }
        ArrayNode tokens = json.createArrayNode();
        ArrayNode strings = json.createArrayNode();
        if (special) {
            tokens.add(BOS);
            strings.add("<|begin_of_text|>");
        }
        for (String word : text.split("\\s+")) {
            if (!word.isEmpty()) {
                tokens.add(tokenOf(word));
                strings.add("Ġ" + word);
            }
        }
        ObjectNode root = json.createObjectNode().put("count", tokens.size()).put("max_model_len", MAX_MODEL_LEN);
        root.set("tokens", tokens);
        root.set("token_strs", body.path("return_token_strs").asBoolean(false) ? strings : null);
        send(exchange, 200, root);
    }

    private void detokenize(HttpExchange exchange, JsonNode body) throws IOException {
        if (!body.path("tokens").isArray()) {
            error(exchange, 400, "BadRequestError", "Field required: tokens");
            return;
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode token : body.get("tokens")) {
            String word = token.asInt() == BOS ? "<|begin_of_text|>" : words.getOrDefault(token.asInt(), "<unk>");
            if (token.asInt() != BOS) {
                text.append(text.isEmpty() || text.toString().endsWith(">") ? "" : " ").append(word);
            } else {
                text.append(word);
            }
        }
        send(exchange, 200, json.createObjectNode().put("prompt", text.toString()));
    }

    private int tokenOf(String word) {
        return vocabulary.computeIfAbsent(word, w -> {
            int token = 1000 + vocabulary.size();
            words.put(token, w);
            return token;
        });
    }

    // ------------------------------------------------------------------------------------------------------- audio

    /** What the fake "hears" in an audio file: its size and digest, so tests can check the bytes arrived intact. */
    static String heard(boolean translation, long size) {
        return (translation ? "Translated to English: " : "Hello from vLLM: heard ") + size + " bytes of audio";
    }

    private void audio(HttpExchange exchange, JsonNode fields, String model, boolean translation) throws IOException {
        JsonNode file = fields.path("file");
        if (!file.isObject()) {
            // FastAPI's validation answer for a missing form field (vLLM maps it to its error shape).
            error(exchange, 400, "BadRequestError", "Field required: file");
            return;
        }
        long size = file.path("size").asLong();
        String text = heard(translation, size);
        String format = fields.path("response_format").asText("json");
        // vLLM accepts these as form booleans: "true"/"false".
        boolean stream = fields.path("stream").asText("false").equalsIgnoreCase("true");
        double duration = Math.max(1.0, size / 32_000.0);
        if (stream) {
            String object = translation ? "translation.chunk" : "transcription.chunk";
            String id = (translation ? "trsl-" : "trsc-") + id();
            OutputStream out = startStream(exchange);
            for (String piece : pieces(text)) {
                ObjectNode chunk = chunk(id, object, model);
                ObjectNode choice = chunk.putArray("choices").addObject();
                choice.putObject("delta").put("content", piece);
                choice.putNull("finish_reason").putNull("stop_reason");
                event(out, chunk);
            }
            ObjectNode last = chunk(id, object, model);
            ObjectNode lastChoice = last.putArray("choices").addObject();
            lastChoice.putObject("delta").put("content", "");
            lastChoice.put("finish_reason", "stop").putNull("stop_reason");
            event(out, last);
            if (fields.path("stream_include_usage").asText("false").equalsIgnoreCase("true")) {
                ObjectNode usageChunk = chunk(id, object, model);
                usageChunk.putArray("choices");
                usageChunk.set("usage", usage(audioPromptTokens(size), countTokens(text)));
                event(out, usageChunk);
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            return;
        }
        switch (format) {
            case "text" -> sendText(exchange, "text/plain; charset=utf-8", text);
            case "srt" -> sendText(exchange, "text/plain; charset=utf-8",
                    "1\n00:00:00,000 --> " + srtTime(duration, ',') + "\n" + text + "\n\n");
            case "vtt" -> sendText(exchange, "text/vtt; charset=utf-8",
                    "WEBVTT\n\n00:00:00.000 --> " + srtTime(duration, '.') + "\n" + text + "\n\n");
            case "verbose_json" -> {
                ObjectNode root = json.createObjectNode().put("task", translation ? "translate" : "transcribe")
                        .put("language", translation ? "english" : fields.path("language").asText("english"))
                        .put("duration", duration).put("text", text);
                ObjectNode segment = root.putArray("segments").addObject().put("id", 0).put("seek", 0)
                        .put("start", 0.0).put("end", duration).put("text", text);
                ArrayNode tokens = segment.putArray("tokens");
                for (String word : text.split(" ")) {
                    tokens.add(tokenOf(word));
                }
                segment.put("temperature", 0.0).put("avg_logprob", -0.2).put("compression_ratio", 1.1)
                        .put("no_speech_prob", 0.01);
                root.putNull("words");
                if (!translation) {
                    root.putObject("usage").put("type", "duration").put("seconds", (int) Math.ceil(duration));
                }
                send(exchange, 200, root);
            }
            case "json" -> {
                ObjectNode root = json.createObjectNode().put("text", text);
                if (!translation) {
                    root.putObject("usage").put("type", "duration").put("seconds", (int) Math.ceil(duration));
                }
                send(exchange, 200, root);
            }
            default -> error(exchange, 400, "BadRequestError", "Invalid response_format: " + format);
        }
    }

    static int audioPromptTokens(long size) {
        return (int) Math.max(1, size / 1_000);
    }

    private static String srtTime(double seconds, char separator) {
        long millis = Math.round(seconds * 1000);
        return String.format("%02d:%02d:%02d%c%03d", millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60,
                separator, millis % 1000);
    }

    // --------------------------------------------------------------------------------------------------- multipart

    private static String boundary(String contentType) {
        Matcher matcher = Pattern.compile("(?i)boundary=(\"([^\"]+)\"|[^;\\s]+)").matcher(contentType);
        if (!matcher.find()) {
            throw new IllegalArgumentException("multipart without a boundary: " + contentType);
        }
        return matcher.group(2) != null ? matcher.group(2) : matcher.group(1);
    }

    /**
     * Reads a {@code multipart/form-data} body as a stream: text fields into the returned object, each file's bytes
     * only counted and digested (recorded as an {@link Upload} and as an object under its field name).
     */
    private ObjectNode readMultipart(InputStream raw, String boundary) throws IOException {
        InputStream in = new BufferedInputStream(raw, 16 * 1024);
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        ObjectNode fields = json.createObjectNode();
        // The first boundary has no CRLF before it: match as if the body started with one.
        DelimiterScanner scanner = new DelimiterScanner(delimiter);
        scanner.prime(new byte[] {'\r', '\n'});
        if (!scanner.skipTo(in, Sink.DISCARD)) {
            return fields;
        }
        while (true) {
            int a = in.read();
            int b = in.read();
            if (a == '-' && b == '-') {
                in.transferTo(OutputStream.nullOutputStream());
                return fields;
            }
            if (a != '\r' || b != '\n') {
                throw new IOException("malformed multipart body after a boundary");
            }
            Map<String, String> headers = readPartHeaders(in);
            String disposition = headers.getOrDefault("content-disposition", "");
            String name = parameter(disposition, "name");
            String filename = parameter(disposition, "filename");
            if (filename != null) {
                MessageDigest digest = sha256();
                long[] size = {0};
                boolean closed = scanner.skipTo(in, (bytes, off, len) -> {
                    digest.update(bytes, off, len);
                    size[0] += len;
                });
                String hex = HexFormat.of().formatHex(digest.digest());
                String type = headers.getOrDefault("content-type", "application/octet-stream");
                uploads.add(new Upload(name, filename, type, size[0], hex));
                fields.putObject(name).put("filename", filename).put("content_type", type).put("size", size[0])
                        .put("sha256", hex);
                if (!closed) {
                    return fields;
                }
            } else {
                ByteArrayOutputStream value = new ByteArrayOutputStream();
                boolean closed = scanner.skipTo(in, value::write);
                if (name != null) {
                    fields.put(name, value.toString(StandardCharsets.UTF_8));
                }
                if (!closed) {
                    return fields;
                }
            }
        }
    }

    private static Map<String, String> readPartHeaders(InputStream in) throws IOException {
        Map<String, String> headers = new java.util.HashMap<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        int current;
        while ((current = in.read()) >= 0) {
            if (previous == '\r' && current == '\n') {
                byte[] bytes = line.toByteArray();
                String text = new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
                if (text.isEmpty()) {
                    return headers;
                }
                int colon = text.indexOf(':');
                if (colon > 0) {
                    headers.put(text.substring(0, colon).trim().toLowerCase(), text.substring(colon + 1).trim());
                }
                line.reset();
                previous = -1;
                continue;
            }
            line.write(current);
            previous = current;
        }
        throw new IOException("multipart part headers never ended");
    }

    private static String parameter(String header, String name) {
        Matcher matcher = Pattern.compile("(?i)(?:^|;)\\s*" + name + "=(\"([^\"]*)\"|[^;]*)").matcher(header);
        if (!matcher.find()) {
            return null;
        }
        return matcher.group(2) != null ? matcher.group(2) : matcher.group(1).trim();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where the bytes before a delimiter go. */
    @FunctionalInterface
    private interface Sink {
        Sink DISCARD = (bytes, off, len) -> {
        };

        void write(byte[] bytes, int off, int len) throws IOException;
    }

    /**
     * Finds a delimiter in a byte stream with Knuth-Morris-Pratt, handing every byte before it to a sink in small
     * batches, without ever holding more than the delimiter's length of pending bytes.
     */
    private static final class DelimiterScanner {
        private final byte[] delimiter;
        private final int[] failure;
        private final byte[] batch = new byte[8192];
        private int batchLength;
        private int matched;

        DelimiterScanner(byte[] delimiter) {
            this.delimiter = delimiter;
            this.failure = new int[delimiter.length];
            for (int i = 1, k = 0; i < delimiter.length; i++) {
                while (k > 0 && delimiter[i] != delimiter[k]) {
                    k = failure[k - 1];
                }
                if (delimiter[i] == delimiter[k]) {
                    k++;
                }
                failure[i] = k;
            }
        }

        /** Feeds bytes that come before the stream (they can only start a match). */
        void prime(byte[] bytes) throws IOException {
            for (byte b : bytes) {
                feed(b, Sink.DISCARD);
            }
        }

        /** Reads up to and including the next delimiter; false if the stream ended first. */
        boolean skipTo(InputStream in, Sink sink) throws IOException {
            int next;
            while ((next = in.read()) >= 0) {
                if (feed((byte) next, sink)) {
                    flush(sink);
                    matched = 0;
                    return true;
                }
            }
            // Whatever was pending belonged to the content.
            for (int i = 0; i < matched; i++) {
                emit(delimiter[i], sink);
            }
            matched = 0;
            flush(sink);
            return false;
        }

        private boolean feed(byte b, Sink sink) throws IOException {
            while (matched > 0 && b != delimiter[matched]) {
                int fallback = failure[matched - 1];
                for (int i = 0; i < matched - fallback; i++) {
                    emit(delimiter[i], sink);
                }
                matched = fallback;
            }
            if (b == delimiter[matched]) {
                matched++;
                return matched == delimiter.length;
            }
            emit(b, sink);
            return false;
        }

        private void emit(byte b, Sink sink) throws IOException {
            batch[batchLength++] = b;
            if (batchLength == batch.length) {
                flush(sink);
            }
        }

        private void flush(Sink sink) throws IOException {
            if (batchLength > 0) {
                sink.write(batch, 0, batchLength);
                batchLength = 0;
            }
        }
    }

    // ----------------------------------------------------------------------------------------------------- helpers

    private String id() {
        return HexFormat.of().toHexDigits(ids.incrementAndGet()).substring(4);
    }

    private ObjectNode chunk(String id, String object, String model) {
        return json.createObjectNode().put("id", id).put("object", object).put("created", CREATED).put("model", model);
    }

    /** vLLM's {@code UsageInfo}: prompt_tokens, total_tokens, completion_tokens, prompt_tokens_details. */
    private ObjectNode usage(int prompt, int completion) {
        ObjectNode usage = json.createObjectNode().put("prompt_tokens", prompt).put("total_tokens", prompt + completion)
                .put("completion_tokens", completion);
        usage.putNull("prompt_tokens_details");
        return usage;
    }

    /** Splits a text into the pieces a stream sends: one word each, the space kept at the end. */
    private static List<String> pieces(String text) {
        return List.of(text.split("(?<= )"));
    }

    static int countTokens(String text) {
        return text.isBlank() ? 0 : text.trim().split("\\s+").length;
    }

    /** A chat's prompt tokens: each message's words and 4 tokens of template around it, 1 for the generation prompt. */
    static int promptTokens(JsonNode messages) {
        int tokens = 1;
        for (JsonNode message : messages) {
            tokens += countTokens(textOf(message.path("content"))) + 4;
        }
        return tokens;
    }

    private static String lastUserText(JsonNode messages) {
        String text = "";
        for (JsonNode message : messages) {
            if (message.path("role").asText("user").equals("user")) {
                text = textOf(message.path("content"));
            }
        }
        return text;
    }

    /** A message content's text: a string, or the text parts of an array. */
    private static String textOf(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("text").isTextual()) {
                text.append(text.isEmpty() ? "" : " ").append(part.get("text").asText());
            }
        }
        return text.toString();
    }

    /** The texts of a field that is a string, an array of strings, or (token ids) an array of numbers. */
    private static List<String> texts(JsonNode value) {
        List<String> texts = new ArrayList<>();
        if (value.isTextual()) {
            texts.add(value.asText());
        } else if (value.isArray() && !value.isEmpty() && value.get(0).isNumber()) {
            texts.add("tokens " + value.size());
        } else if (value.isArray()) {
            for (JsonNode item : value) {
                texts.add(item.isTextual() ? item.asText() : item.isArray() ? "tokens " + item.size()
                        : item.path("text").asText(item.toString()));
            }
        }
        return texts;
    }

    private static float[] vector(String text, int dimensions) {
        float[] vector = new float[dimensions];
        int hash = text.hashCode();
        for (int d = 0; d < dimensions; d++) {
            vector[d] = ((hash >>> (d * 3 % 29)) & 0xff) / 255f;
        }
        return vector;
    }

    /** A deterministic relevance in [0, 1): higher the more of the query's words the text contains. */
    private static double relevance(String query, String text) {
        Set<String> wanted = Set.of(query.toLowerCase().split("\\W+"));
        long hits = List.of(text.toLowerCase().split("\\W+")).stream().filter(wanted::contains).count();
        return Math.round((hits + 0.1) / (hits + 1.0) * 10_000) / 10_000.0;
    }

    private static OutputStream startStream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    /** The usage chunk when {@code stream_options.include_usage} is true (vLLM's default once options are sent). */
    private void endStream(OutputStream out, String id, String object, String model, JsonNode options, int prompt,
                           int completion) throws IOException {
        if (options.isObject() && options.path("include_usage").asBoolean(true)) {
            ObjectNode usageChunk = chunk(id, object, model);
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

    /** A Responses API event: {@code event: TYPE} and the data with its sequence number. */
    private void named(OutputStream out, ObjectNode data, int[] sequence) throws IOException {
        data.put("sequence_number", sequence[0]++);
        out.write(("event: " + data.path("type").asText() + "\ndata: " + json.writeValueAsString(data) + "\n\n")
                .getBytes(StandardCharsets.UTF_8));
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

    private static void sendText(HttpExchange exchange, String contentType, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
