package com.example.odock.mistral;

import com.fasterxml.jackson.databind.JsonNode;
import io.odock.spi.GatewayException;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.ToolCall;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads Mistral's complete answer ({@code object: chat.completion} with {@code choices[].message} and
 * {@code usage}) into the gateway's response. The body is kept as the raw response, since it is OpenAI-shaped
 * enough for clients of the unified endpoint to read.
 */
final class MistralAnswers {
    private MistralAnswers() {
    }

    /**
     * The gateway's response for Mistral's body.
     *
     * @param providerId the provider entry, named when the body is not a chat completion
     * @param requestId  the upstream's request id from its headers, if any
     */
    static GatewayResponse read(JsonNode body, String providerId, Optional<String> requestId) {
        JsonNode choice = body.path("choices").path(0);
        if (!choice.isObject()) {
            throw GatewayException.upstreamError("upstream provider '" + providerId
                    + "' answered without any choice");
        }
        JsonNode message = choice.path("message");
        return GatewayResponse.builder()
                .provider(MistralProviderAdapterFactory.TYPE)
                .model(body.path("model").asText(""))
                .content(text(message.path("content")))
                .stopReason(MistralUsage.stopReason(choice.path("finish_reason").asText("stop")))
                .toolCalls(toolCalls(message.path("tool_calls")))
                .usage(MistralUsage.read(body.get("usage")))
                .providerRequestId(requestId.or(() -> Optional.ofNullable(body.path("id").textValue())))
                .rawResponse(Optional.of(body))
                .build();
    }

    /** Content is a string, or (for some models) a list of chunks whose text parts are joined. */
    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("type").asText().equals("text")) {
                text.append(part.path("text").asText(""));
            }
        }
        return text.toString();
    }

    private static List<ToolCall> toolCalls(JsonNode calls) {
        List<ToolCall> result = new ArrayList<>();
        for (JsonNode call : calls) {
            JsonNode function = call.path("function");
            JsonNode arguments = function.path("arguments");
            result.add(ToolCall.of(call.path("id").asText(""), function.path("name").asText(""),
                    arguments.isTextual() ? arguments.asText() : arguments.toString()));
        }
        return result;
    }
}
