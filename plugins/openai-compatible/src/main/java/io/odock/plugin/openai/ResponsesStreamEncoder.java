package io.odock.plugin.openai;

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
import java.time.Instant;

/**
 * Writes one Responses API stream. Raw OpenAI events are relayed with their {@code event:} names and the model renamed;
 * a normalized stream becomes the event sequence OpenAI sends for a text answer: {@code response.created},
 * {@code response.in_progress}, {@code response.output_item.added}, {@code response.content_part.added},
 * {@code response.output_text.delta}..., then the {@code .done} events and {@code response.completed} with usage.
 */
final class ResponsesStreamEncoder implements StreamEncoder {
    private final ObjectMapper json;
    private final GatewayRequest request;
    private final ResponsesResponseWriter writer;
    private final String id = "resp_" + Long.toHexString(System.nanoTime());
    private final long createdAt = Instant.now().getEpochSecond();
    private final StringBuilder text = new StringBuilder();
    private Usage usage = Usage.none();
    private int sequence;
    private boolean started;
    private boolean sawRaw;

    ResponsesStreamEncoder(ObjectMapper json, GatewayRequest request, ResponsesResponseWriter writer) {
        this.json = json;
        this.request = request;
        this.writer = writer;
    }

    @Override
    public void encode(StreamEvent event, SseSink sink) throws IOException {
        switch (event) {
            case StreamEvent.Raw raw -> {
                sawRaw = true;
                sink.send(new SseEvent(raw.event().event(),
                        JsonFieldRewriter.rewriteModel(raw.event().data(), request.model())));
            }
            case StreamEvent.TextDelta delta -> {
                start(sink);
                text.append(delta.text());
                ObjectNode data = event("response.output_text.delta");
                data.put("item_id", itemId()).put("output_index", 0).put("content_index", 0).put("delta", delta.text());
                data.putArray("logprobs");
                send("response.output_text.delta", data, sink);
            }
            case StreamEvent.UsageReported reported -> usage = reported.usage();
            case StreamEvent.Finished finished -> start(sink);
            case StreamEvent.ToolCallDelta call -> start(sink);
        }
    }

    @Override
    public void finish(SseSink sink) throws IOException {
        if (sawRaw) {
            // The upstream's own stream already ended with response.completed.
            return;
        }
        start(sink);
        String all = text.toString();
        ObjectNode textDone = event("response.output_text.done");
        textDone.put("item_id", itemId()).put("output_index", 0).put("content_index", 0).put("text", all);
        textDone.putArray("logprobs");
        send("response.output_text.done", textDone, sink);
        ObjectNode partDone = event("response.content_part.done");
        partDone.put("item_id", itemId()).put("output_index", 0).put("content_index", 0);
        partDone.set("part", writer.message(id, all, "completed").get("content").get(0));
        send("response.content_part.done", partDone, sink);
        ObjectNode itemDone = event("response.output_item.done");
        itemDone.put("output_index", 0).set("item", writer.message(id, all, "completed"));
        send("response.output_item.done", itemDone, sink);
        ObjectNode response = writer.shell(request, id, "completed", createdAt);
        response.putArray("output").add(writer.message(id, all, "completed"));
        response.set("usage", writer.usage(usage));
        ObjectNode completed = event("response.completed");
        completed.set("response", response);
        send("response.completed", completed, sink);
    }

    @Override
    public void fail(GatewayException error, String requestId, SseSink sink) throws IOException {
        ObjectNode data = event("error");
        data.put("code", error.code()).put("message", error.getMessage()).putNull("param");
        send("error", data, sink);
    }

    private void start(SseSink sink) throws IOException {
        if (started) {
            return;
        }
        started = true;
        ObjectNode created = event("response.created");
        created.set("response", writer.shell(request, id, "in_progress", createdAt));
        send("response.created", created, sink);
        ObjectNode progress = event("response.in_progress");
        progress.set("response", writer.shell(request, id, "in_progress", createdAt));
        send("response.in_progress", progress, sink);
        ObjectNode added = event("response.output_item.added");
        ObjectNode item = writer.message(id, "", "in_progress");
        item.putArray("content");
        added.put("output_index", 0).set("item", item);
        send("response.output_item.added", added, sink);
        ObjectNode part = event("response.content_part.added");
        part.put("item_id", itemId()).put("output_index", 0).put("content_index", 0);
        part.set("part", writer.message(id, "", "in_progress").get("content").get(0));
        send("response.content_part.added", part, sink);
    }

    private String itemId() {
        return "msg_" + id.substring(5);
    }

    private ObjectNode event(String type) {
        ObjectNode data = json.createObjectNode();
        data.put("type", type);
        data.put("sequence_number", sequence++);
        return data;
    }

    private void send(String type, ObjectNode data, SseSink sink) throws IOException {
        try {
            sink.send(SseEvent.named(type, json.writeValueAsString(data)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
