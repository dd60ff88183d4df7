package io.odock.plugin.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.GatewayException;
import io.odock.spi.dialect.StreamEncoder;
import io.odock.spi.dialect.StreamFraming;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.ToolCall;
import io.odock.spi.stream.JsonFieldRewriter;
import io.odock.spi.stream.SseEvent;
import io.odock.spi.stream.SseSink;
import io.odock.spi.stream.StreamEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes one stream as Gemini {@code GenerateContentResponse} chunks, framed as Server-Sent Events when the client
 * asked {@code alt=sse} and as the elements of one JSON array otherwise (what Gemini does without it).
 *
 * <p>Gemini streams a function call whole, in one part, and its clients parse {@code args} as an object, so tool-call
 * deltas are gathered here and written once complete: with the finish chunk, or when the stream ends. The finish
 * chunk is held back until usage arrives, so that, as in Gemini's own streams, the last chunk carries both the
 * {@code finishReason} and the {@code usageMetadata}.
 */
final class GeminiStreamEncoder implements StreamEncoder {
    private final ObjectMapper json;
    private final GatewayRequest request;
    private final GeminiResponseWriter writer;
    private final GeminiErrors errors;
    private final String responseId = ResponseIds.next();
    /** Tool calls being gathered, by choice and then by index. */
    private final Map<Integer, TreeMap<Integer, PendingCall>> pendingCalls = new TreeMap<>();
    private ObjectNode heldFinish;

    /** One tool call's pieces as they arrive. */
    private static final class PendingCall {
        private String id = "";
        private String name = "";
        private final StringBuilder arguments = new StringBuilder();

        ToolCall toToolCall(int index) {
            return ToolCall.of(id.isEmpty() ? "call_" + index : id, name, arguments.toString());
        }
    }

    GeminiStreamEncoder(ObjectMapper json, GatewayRequest request, GeminiResponseWriter writer, GeminiErrors errors) {
        this.json = json;
        this.request = request;
        this.writer = writer;
        this.errors = errors;
    }

    @Override
    public StreamFraming framing() {
        return "sse".equals(request.replyOptions().get("alt")) ? StreamFraming.SSE : StreamFraming.JSON_ARRAY;
    }

    @Override
    public void encode(StreamEvent event, SseSink sink) throws IOException {
        switch (event) {
            case StreamEvent.Raw raw -> {
                releaseFinish(sink);
                sink.send(SseEvent.data(renameModel(raw.event().data())));
            }
            case StreamEvent.TextDelta delta -> {
                releaseFinish(sink);
                ArrayNode parts = json.createArrayNode();
                parts.addObject().put("text", delta.text());
                send(chunk(writer.candidate(parts, delta.choice())), sink);
            }
            case StreamEvent.ToolCallDelta delta -> gather(delta);
            case StreamEvent.Finished finished -> {
                releaseFinish(sink);
                ObjectNode candidate = writer.candidate(takeCalls(finished.choice()), finished.choice());
                candidate.put("finishReason", FinishReasons.toGemini(finished.stopReason()));
                heldFinish = chunk(candidate);
            }
            case StreamEvent.UsageReported reported -> {
                ObjectNode chunk = heldFinish != null ? heldFinish : chunk(null);
                heldFinish = null;
                chunk.set("usageMetadata", writer.usageMetadata(reported.usage()));
                send(chunk, sink);
            }
        }
    }

    @Override
    public void finish(SseSink sink) throws IOException {
        releaseFinish(sink);
        // Calls whose choice never reported a finish are still due to the client, whole.
        for (Integer choice : List.copyOf(pendingCalls.keySet())) {
            send(chunk(writer.candidate(takeCalls(choice), choice)), sink);
        }
    }

    @Override
    public void fail(GatewayException error, String requestId, SseSink sink) throws IOException {
        releaseFinish(sink);
        send(errors.body(error), sink);
    }

    private void gather(StreamEvent.ToolCallDelta delta) {
        PendingCall call = pendingCalls.computeIfAbsent(delta.choice(), c -> new TreeMap<>())
                .computeIfAbsent(delta.index(), i -> new PendingCall());
        delta.id().ifPresent(id -> call.id = id);
        delta.name().ifPresent(name -> call.name = name);
        call.arguments.append(delta.argumentsFragment());
    }

    private ArrayNode takeCalls(int choice) {
        List<ToolCall> calls = new ArrayList<>();
        TreeMap<Integer, PendingCall> pending = pendingCalls.remove(choice);
        if (pending != null) {
            pending.forEach((index, call) -> calls.add(call.toToolCall(index)));
        }
        return writer.functionCallParts(calls);
    }

    private void releaseFinish(SseSink sink) throws IOException {
        if (heldFinish != null) {
            ObjectNode chunk = heldFinish;
            heldFinish = null;
            send(chunk, sink);
        }
    }

    private ObjectNode chunk(ObjectNode candidate) {
        ObjectNode chunk = json.createObjectNode();
        if (candidate != null) {
            chunk.putArray("candidates").add(candidate);
        }
        chunk.put("modelVersion", request.model());
        chunk.put("responseId", responseId);
        return chunk;
    }

    /** A Gemini upstream's chunk with the client's model name in place of the upstream's, its bytes otherwise kept. */
    private String renameModel(String data) {
        return JsonFieldRewriter.rewrite(data, "modelVersion", request.model());
    }

    private void send(ObjectNode node, SseSink sink) throws IOException {
        try {
            sink.send(SseEvent.data(json.writeValueAsString(node)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
