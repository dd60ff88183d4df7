package io.odock.plugin.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.model.Usage;
import io.odock.spi.stream.SseEvent;
import io.odock.spi.stream.SseEventStream;
import io.odock.spi.stream.StreamEvent;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Anthropic's Messages SSE stream. In passthrough every event is handed on raw (with the usage known so far on
 * the events that report it); otherwise text and {@code input_json_delta} pieces become normalized deltas, each
 * {@code tool_use} block one tool call with its id and name on its first delta, and {@code message_delta} the stop
 * reason and the usage. An {@code error} event fails the stream.
 */
final class AnthropicEventStream extends SseEventStream {
    private final boolean passthrough;
    /** Content block index → tool call index, for the blocks that are tool calls. */
    private final Map<Integer, Integer> toolIndexes = new HashMap<>();
    private Usage usage = Usage.none();

    AnthropicEventStream(InputStream body, ObjectMapper json, String providerId, boolean passthrough,
                         Optional<String> requestId) {
        super(body, json, providerId, requestId);
        this.passthrough = passthrough;
    }

    @Override
    protected void handle(SseEvent event, ArrayDeque<StreamEvent> out) {
        String type = event.event().orElse("");
        if (type.equals("ping")) {
            if (passthrough) {
                out.add(StreamEvent.Raw.of(event));
            }
            return;
        }
        JsonNode data = parse(event.data());
        if (type.isEmpty()) {
            type = data.path("type").asText("");
        }
        if (type.equals("error")) {
            throw new GatewayException(502, ErrorCodes.UPSTREAM_ERROR, "upstream provider '" + providerId
                    + "' failed mid-stream: " + data.path("error").path("message").asText("error"));
        }
        Optional<Usage> reported = switch (type) {
            case "message_start" -> {
                usage = AnthropicUsage.read(data.path("message").get("usage"));
                yield Optional.of(usage);
            }
            case "message_delta" -> {
                usage = AnthropicUsage.merge(usage, data.get("usage"));
                yield Optional.of(usage);
            }
            default -> Optional.empty();
        };
        if (passthrough) {
            out.add(new StreamEvent.Raw(event, reported, false));
        } else {
            normalize(type, data, out);
        }
        if (type.equals("message_stop")) {
            end();
        }
    }

    private void normalize(String type, JsonNode data, ArrayDeque<StreamEvent> out) {
        switch (type) {
            case "content_block_start" -> {
                JsonNode block = data.path("content_block");
                int index = data.path("index").asInt();
                if (block.path("type").asText().equals("tool_use")) {
                    int toolIndex = toolIndexes.size();
                    toolIndexes.put(index, toolIndex);
                    JsonNode input = block.path("input");
                    // Input normally streams as input_json_delta; a block that starts with it complete carries it.
                    String initial = input.isObject() && input.size() > 0 ? input.toString() : "";
                    out.add(new StreamEvent.ToolCallDelta(0, toolIndex, Optional.of(block.path("id").asText()),
                            Optional.of(block.path("name").asText()), initial));
                } else if (block.path("type").asText().equals("text") && !block.path("text").asText("").isEmpty()) {
                    out.add(new StreamEvent.TextDelta(0, block.get("text").asText()));
                }
            }
            case "content_block_delta" -> {
                JsonNode delta = data.path("delta");
                switch (delta.path("type").asText("")) {
                    case "text_delta" -> out.add(new StreamEvent.TextDelta(0, delta.path("text").asText("")));
                    case "input_json_delta" -> {
                        Integer toolIndex = toolIndexes.get(data.path("index").asInt());
                        if (toolIndex != null) {
                            out.add(new StreamEvent.ToolCallDelta(0, toolIndex, Optional.empty(), Optional.empty(),
                                    delta.path("partial_json").asText("")));
                        }
                    }
                    // thinking_delta, signature_delta, citations: no normalized event carries them yet.
                    default -> {
                    }
                }
            }
            case "message_delta" -> {
                out.add(new StreamEvent.Finished(0,
                        StopReasons.fromAnthropic(data.path("delta").path("stop_reason").asText(""))));
                out.add(new StreamEvent.UsageReported(usage));
            }
            default -> {
            }
        }
    }
}
