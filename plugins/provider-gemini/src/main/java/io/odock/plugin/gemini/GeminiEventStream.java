package io.odock.plugin.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.model.ToolCall;
import io.odock.spi.model.Usage;
import io.odock.spi.stream.SseEvent;
import io.odock.spi.stream.SseEventStream;
import io.odock.spi.stream.StreamEvent;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Reads Gemini's {@code streamGenerateContent?alt=sse} stream (each event one {@code GenerateContentResponse}, lines
 * ended by CRLF, which {@link io.odock.spi.stream.SseReader} accepts). In passthrough each chunk is handed on raw with
 * the usage it carries (Gemini repeats a growing {@code usageMetadata} on chunks; the last one counts). Otherwise:
 * a text delta per text part, one whole tool-call delta per {@code functionCall} part (Gemini never splits a call),
 * and on the chunk with a {@code finishReason} the finish and the latest usage.
 */
final class GeminiEventStream extends SseEventStream {
    private final boolean passthrough;
    private int toolCalls;
    private Optional<Usage> latestUsage = Optional.empty();
    private boolean finishedBefore;
    private boolean usageReported;

    GeminiEventStream(InputStream body, ObjectMapper json, String providerId, boolean passthrough) {
        super(body, json, providerId, Optional.empty());
        this.passthrough = passthrough;
    }

    @Override
    protected void handle(SseEvent event, ArrayDeque<StreamEvent> out) {
        String data = event.data();
        boolean mayCarryError = data.contains("\"error\"");
        boolean carriesUsage = data.contains("\"usageMetadata\"");
        if (passthrough && !mayCarryError && !carriesUsage) {
            out.add(StreamEvent.Raw.of(event));
            return;
        }
        JsonNode chunk = parse(data);
        if (chunk.path("error").isObject()) {
            throw new GatewayException(502, ErrorCodes.UPSTREAM_ERROR, "upstream provider '" + providerId
                    + "' failed mid-stream: " + chunk.path("error").path("message").asText("unknown error"));
        }
        Optional<Usage> usage = chunk.has("usageMetadata")
                ? Optional.of(GeminiUsage.read(chunk.get("usageMetadata"))) : Optional.empty();
        if (passthrough) {
            out.add(new StreamEvent.Raw(event, usage, false));
            return;
        }
        usage.ifPresent(value -> latestUsage = Optional.of(value));
        boolean finished = false;
        for (JsonNode candidate : chunk.path("candidates")) {
            int choice = candidate.path("index").asInt(0);
            for (JsonNode part : candidate.path("content").path("parts")) {
                if (part.has("functionCall")) {
                    ToolCall call = GeminiAnswerReader.toolCall(part.get("functionCall"), toolCalls);
                    out.add(new StreamEvent.ToolCallDelta(choice, toolCalls++, Optional.of(call.id()),
                            Optional.of(call.name()), call.arguments()));
                } else if (part.path("text").isTextual() && !part.path("thought").asBoolean(false)
                        && !part.get("text").asText().isEmpty()) {
                    out.add(new StreamEvent.TextDelta(choice, part.get("text").asText()));
                }
            }
            if (candidate.path("finishReason").isTextual()) {
                out.add(new StreamEvent.Finished(choice,
                        FinishReasons.fromGemini(candidate.get("finishReason").asText(), toolCalls > 0)));
                finished = true;
            }
        }
        if (!chunk.has("candidates") && chunk.path("promptFeedback").path("blockReason").isTextual()) {
            out.add(new StreamEvent.Finished(0, "content_filter"));
            finished = true;
        }
        // Usage goes with the finish; should Gemini send it again after the finish, the newer count is reported too.
        if (finished || (finishedBefore && usage.isPresent())) {
            latestUsage.ifPresent(value -> out.add(new StreamEvent.UsageReported(value)));
            usageReported = latestUsage.isPresent();
        } else if (usage.isPresent()) {
            usageReported = false;
        }
        finishedBefore |= finished;
    }

    /** A stream that ended without a finish still reports the usage it carried, so the call is not metered as zero. */
    @Override
    protected void upstreamEnded(ArrayDeque<StreamEvent> out) {
        if (!passthrough && !usageReported) {
            latestUsage.ifPresent(value -> out.add(new StreamEvent.UsageReported(value)));
        }
    }
}
