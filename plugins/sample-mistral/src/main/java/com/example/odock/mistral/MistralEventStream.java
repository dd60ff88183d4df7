package com.example.odock.mistral;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.stream.SseEvent;
import io.odock.spi.stream.SseEventStream;
import io.odock.spi.stream.StreamEvent;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Reads Mistral's streamed answer: {@code chat.completion.chunk} events whose choices carry a {@code delta}, the last
 * one with {@code finish_reason} and {@code usage}, then {@code data: [DONE]} (which the base class handles). Mistral
 * always reports usage in its last chunk, so nothing has to be asked for.
 */
final class MistralEventStream extends SseEventStream {

    MistralEventStream(InputStream body, ObjectMapper json, String providerId, Optional<String> requestId) {
        super(body, json, providerId, requestId);
    }

    @Override
    protected void handle(SseEvent event, ArrayDeque<StreamEvent> out) {
        JsonNode chunk = parse(event.data());
        if (chunk.path("object").asText().equals("error")) {
            // The stream had already begun, so the status was 200: the host turns this into the client's error event.
            throw new GatewayException(502, ErrorCodes.UPSTREAM_ERROR, "upstream provider '" + providerId
                    + "' failed mid-stream: " + MistralErrors.message(chunk).orElse("no reason given"));
        }
        for (JsonNode choice : chunk.path("choices")) {
            int index = choice.path("index").asInt(0);
            JsonNode delta = choice.path("delta");
            String text = delta.path("content").asText("");
            if (!text.isEmpty()) {
                out.add(new StreamEvent.TextDelta(index, text));
            }
            int callIndex = 0;
            for (JsonNode call : delta.path("tool_calls")) {
                JsonNode function = call.path("function");
                // Mistral sends each tool call whole in one delta, with or without an index.
                out.add(new StreamEvent.ToolCallDelta(index, call.path("index").asInt(callIndex++),
                        Optional.ofNullable(call.path("id").textValue()),
                        Optional.ofNullable(function.path("name").textValue()),
                        function.path("arguments").isTextual() ? function.get("arguments").asText()
                                : function.path("arguments").toString()));
            }
            if (choice.path("finish_reason").isTextual()) {
                out.add(new StreamEvent.Finished(index, MistralUsage.stopReason(choice.get("finish_reason").asText())));
            }
        }
        if (chunk.path("usage").isObject()) {
            out.add(new StreamEvent.UsageReported(MistralUsage.read(chunk.get("usage"))));
        }
    }
}
