package io.odock.plugin.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.GatewayException;
import io.odock.spi.dialect.StreamEncoder;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.stream.JsonFieldRewriter;
import io.odock.spi.stream.SseEvent;
import io.odock.spi.stream.SseSink;
import io.odock.spi.stream.StreamEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes one stream as OpenAI {@code chat.completion.chunk} events. Raw OpenAI events are relayed with only the model
 * renamed; normalized events become chunks with a stable id; the stream ends with {@code data: [DONE]}.
 */
final class ChatStreamEncoder implements StreamEncoder {
    private final ObjectMapper json;
    private final GatewayRequest request;
    private final ErrorShape errors;
    /** Whether the chunks are legacy completions' ({@code text_completion}, text on the choice). */
    private final boolean textCompletion;
    private final String id = "chatcmpl-" + Long.toHexString(System.nanoTime());
    private final long created = Instant.now().getEpochSecond();
    private final Set<Integer> choicesStarted = new HashSet<>();

    /** Writes an error in the stream's dialect. */
    @FunctionalInterface
    interface ErrorShape {
        ObjectNode body(GatewayException error, String requestId);
    }

    ChatStreamEncoder(ObjectMapper json, GatewayRequest request, ErrorShape errors) {
        this.json = json;
        this.request = request;
        this.errors = errors;
        this.textCompletion = request.operation() == io.odock.spi.model.Operation.COMPLETIONS;
    }

    @Override
    public void encode(StreamEvent event, SseSink sink) throws IOException {
        switch (event) {
            case StreamEvent.Raw raw -> {
                if (raw.usageOnly() && !request.includeUsage()) {
                    return;
                }
                sink.send(SseEvent.data(JsonFieldRewriter.rewriteModel(raw.event().data(), request.model())));
            }
            case StreamEvent.TextDelta delta -> {
                ObjectNode chunk = chunk();
                ObjectNode deltaNode = choice(chunk, delta.choice());
                if (textCompletion) {
                    // A legacy completion's chunk carries its text on the choice, not in a delta.
                    ((ObjectNode) chunk.get("choices").get(0)).remove("delta");
                    ((ObjectNode) chunk.get("choices").get(0)).put("text", delta.text());
                } else {
                    deltaNode.put("content", delta.text());
                }
                send(chunk, sink);
            }
            case StreamEvent.ToolCallDelta call -> {
                ObjectNode chunk = chunk();
                ObjectNode deltaNode = choice(chunk, call.choice());
                ObjectNode toolCall = deltaNode.putArray("tool_calls").addObject();
                toolCall.put("index", call.index());
                call.id().ifPresent(value -> toolCall.put("id", value).put("type", "function"));
                ObjectNode function = toolCall.putObject("function");
                call.name().ifPresent(value -> function.put("name", value));
                function.put("arguments", call.argumentsFragment());
                send(chunk, sink);
            }
            case StreamEvent.Finished finished -> {
                ObjectNode chunk = chunk();
                choice(chunk, finished.choice());
                ((ObjectNode) chunk.get("choices").get(0)).put("finish_reason", finished.stopReason());
                send(chunk, sink);
            }
            case StreamEvent.UsageReported reported -> {
                if (!request.includeUsage()) {
                    return;
                }
                ObjectNode chunk = chunk();
                chunk.putArray("choices");
                ChatResponseWriter.writeUsage(chunk.putObject("usage"), reported.usage());
                send(chunk, sink);
            }
        }
    }

    @Override
    public void finish(SseSink sink) throws IOException {
        sink.send(SseEvent.data("[DONE]"));
    }

    @Override
    public void fail(GatewayException error, String requestId, SseSink sink) throws IOException {
        send(errors.body(error, requestId), sink);
    }

    private ObjectNode chunk() {
        ObjectNode chunk = json.createObjectNode();
        chunk.put("id", id);
        chunk.put("object", textCompletion ? "text_completion" : "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", request.model());
        return chunk;
    }

    /** Adds the choice and returns its delta; the first delta of a choice carries the assistant role. */
    private ObjectNode choice(ObjectNode chunk, int index) {
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", index);
        ObjectNode delta = choice.putObject("delta");
        if (choicesStarted.add(index)) {
            delta.put("role", "assistant");
        }
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        return delta;
    }

    private void send(ObjectNode node, SseSink sink) throws IOException {
        try {
            sink.send(SseEvent.data(json.writeValueAsString(node)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
