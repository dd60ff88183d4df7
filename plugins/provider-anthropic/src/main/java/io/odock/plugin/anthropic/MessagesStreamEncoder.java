package io.odock.plugin.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.GatewayException;
import io.odock.spi.dialect.StreamEncoder;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.Usage;
import io.odock.spi.stream.JsonFieldRewriter;
import io.odock.spi.stream.SseEvent;
import io.odock.spi.stream.SseSink;
import io.odock.spi.stream.StreamEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes one stream as Anthropic's named events. Raw Anthropic events are relayed in order with only the model in
 * {@code message_start} renamed. Normalized events become the same sequence Anthropic sends: {@code message_start},
 * a {@code content_block_start}/{@code _delta}/{@code _stop} run per text or tool_use block, {@code message_delta}
 * with the stop reason and usage, {@code message_stop}. Every event keeps its {@code event:} line, which the SDKs
 * dispatch on.
 */
final class MessagesStreamEncoder implements StreamEncoder {
    private final ObjectMapper json;
    private final GatewayRequest request;
    private final AnthropicErrors errors;
    private final String id = MessagesResponseWriter.messageId(null);
    /** Tool call index → content block index. */
    private final Map<Integer, Integer> toolBlocks = new HashMap<>();
    private boolean started;
    /** Whether the upstream spoke Anthropic and its events are relayed as they came. */
    private boolean relayed;
    private int nextBlock;
    /** The open text block's index, or -1. */
    private int textBlock = -1;
    private String stopReason = "end_turn";
    private Usage usage = Usage.none();

    MessagesStreamEncoder(ObjectMapper json, GatewayRequest request, AnthropicErrors errors) {
        this.json = json;
        this.request = request;
        this.errors = errors;
    }

    @Override
    public void encode(StreamEvent event, SseSink sink) throws IOException {
        switch (event) {
            case StreamEvent.Raw raw -> relay(raw.event(), sink);
            case StreamEvent.TextDelta delta -> {
                if (delta.choice() != 0 || delta.text().isEmpty()) {
                    return;
                }
                start(sink);
                if (textBlock < 0) {
                    textBlock = nextBlock++;
                    ObjectNode block = json.createObjectNode().put("type", "text").put("text", "");
                    send("content_block_start", node("content_block_start").put("index", textBlock)
                            .set("content_block", block), sink);
                }
                ObjectNode data = node("content_block_delta").put("index", textBlock);
                data.putObject("delta").put("type", "text_delta").put("text", delta.text());
                send("content_block_delta", data, sink);
            }
            case StreamEvent.ToolCallDelta call -> {
                if (call.choice() != 0) {
                    return;
                }
                start(sink);
                Integer block = toolBlocks.get(call.index());
                if (block == null) {
                    closeText(sink);
                    block = nextBlock++;
                    toolBlocks.put(call.index(), block);
                    ObjectNode start = json.createObjectNode().put("type", "tool_use")
                            .put("id", call.id().orElse("toolu_" + id + "_" + call.index()))
                            .put("name", call.name().orElse(""));
                    start.putObject("input");
                    send("content_block_start", node("content_block_start").put("index", block)
                            .set("content_block", start), sink);
                }
                if (!call.argumentsFragment().isEmpty()) {
                    ObjectNode data = node("content_block_delta").put("index", block);
                    data.putObject("delta").put("type", "input_json_delta")
                            .put("partial_json", call.argumentsFragment());
                    send("content_block_delta", data, sink);
                }
            }
            case StreamEvent.Finished finished -> {
                if (finished.choice() == 0) {
                    stopReason = StopReasons.toAnthropic(finished.stopReason());
                }
            }
            case StreamEvent.UsageReported reported -> usage = reported.usage();
        }
    }

    @Override
    public void finish(SseSink sink) throws IOException {
        if (relayed) {
            return; // A relayed Anthropic stream: its own message_stop has been sent.
        }
        start(sink);
        closeText(sink);
        for (int block : toolBlocks.values().stream().sorted().toList()) {
            send("content_block_stop", node("content_block_stop").put("index", block), sink);
        }
        ObjectNode delta = node("message_delta");
        delta.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        AnthropicUsage.write(delta.putObject("usage"), usage);
        send("message_delta", delta, sink);
        send("message_stop", node("message_stop"), sink);
    }

    @Override
    public void fail(GatewayException error, String requestId, SseSink sink) throws IOException {
        send("error", errors.body(error, requestId), sink);
    }

    /** An Anthropic event relayed as it came, the model in {@code message_start} renamed to the client's. */
    private void relay(SseEvent event, SseSink sink) throws IOException {
        started = true;
        relayed = true;
        if (event.event().filter("message_start"::equals).isPresent()) {
            // The message's model is the event's only "model" key (its content is still empty).
            sink.send(SseEvent.named("message_start", JsonFieldRewriter.rewriteModel(event.data(), request.model())));
        } else {
            sink.send(event);
        }
    }

    /** Sends {@code message_start} once, before the first block. */
    private void start(SseSink sink) throws IOException {
        if (started) {
            return;
        }
        started = true;
        ObjectNode data = node("message_start");
        ObjectNode message = data.putObject("message");
        message.put("id", id).put("type", "message").put("role", "assistant").put("model", request.model());
        message.putArray("content");
        message.putNull("stop_reason").putNull("stop_sequence");
        // Input tokens are only known at the end for most providers: message_delta reports them.
        AnthropicUsage.write(message.putObject("usage"), Usage.none());
        send("message_start", data, sink);
    }

    private void closeText(SseSink sink) throws IOException {
        if (textBlock >= 0) {
            send("content_block_stop", node("content_block_stop").put("index", textBlock), sink);
            textBlock = -1;
        }
    }

    private ObjectNode node(String type) {
        return json.createObjectNode().put("type", type);
    }

    private void send(String event, ObjectNode data, SseSink sink) throws IOException {
        try {
            sink.send(SseEvent.named(event, json.writeValueAsString(data)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
