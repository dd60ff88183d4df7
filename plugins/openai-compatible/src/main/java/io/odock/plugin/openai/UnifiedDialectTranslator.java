package io.odock.plugin.openai;

import io.odock.spi.dialect.JsonFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.GatewayException;
import io.odock.spi.OdockErrorShape;
import io.odock.spi.dialect.DialectTranslator;
import io.odock.spi.dialect.InboundCall;
import io.odock.spi.dialect.StreamEncoder;
import io.odock.spi.model.ContentBlock;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.Operation;
import io.odock.spi.model.ToolCall;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The unified dialect: one request shape and one answer shape for every provider. Requests are OpenAI chat requests
 * plus {@code provider} and {@code top_k}; complete answers are the normalized response ({@code provider},
 * {@code model}, {@code content}, {@code stop_reason}, {@code content_blocks}, {@code tool_calls},
 * {@code input_tokens}, {@code output_tokens}, {@code cache_read_tokens}, {@code cache_write_tokens},
 * {@code provider_usage}, {@code provider_request_id}); streams are
 * OpenAI {@code chat.completion.chunk} events whatever the provider; errors are Odock's
 * {@code {"error":{"code","message","request_id"}}}.
 */
final class UnifiedDialectTranslator implements DialectTranslator {
    /** The dialect's name. */
    static final String DIALECT = "odock";
    private final ObjectMapper json;

    UnifiedDialectTranslator(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String dialect() {
        return DIALECT;
    }

    @Override
    public GatewayRequest decode(InboundCall call) {
        if (call.operation() != Operation.CHAT) {
            // The unified endpoint is chat only; this guards a route added without its reader.
            throw GatewayException.invalidRequest("The unified dialect cannot read a " + call.operation() + " call");
        }
        GatewayRequest request = ChatRequestReader.read(call.body(), DIALECT);
        JsonFields.integer(call.body(), "top_k").filter(k -> k < 1).ifPresent(k -> {
            throw JsonFields.invalid("top_k", "Invalid value for 'top_k': must be at least 1.");
        });
        Optional<Double> timeout = JsonFields.number(call.body(), "timeout");
        timeout.filter(t -> t <= 0).ifPresent(t -> {
            throw JsonFields.invalid("timeout", "Invalid value for 'timeout': a number of seconds above 0.");
        });
        return request.toBuilder()
                .dialect(dialect())
                .topK(JsonFields.integer(call.body(), "top_k").map(Long::intValue))
                .timeout(timeout.map(seconds -> Duration.ofMillis((long) (seconds * 1000))))
                .build();
    }

    @Override
    public JsonNode encode(GatewayRequest request, GatewayResponse response) {
        ObjectNode body = json.createObjectNode();
        body.put("provider", response.provider());
        body.put("model", request.model());
        body.put("content", response.content());
        body.put("stop_reason", response.stopReason());
        ArrayNode blocks = body.putArray("content_blocks");
        for (ContentBlock block : response.contentBlocks()) {
            ObjectNode node = blocks.addObject().put("type", block.type());
            block.text().ifPresent(text -> node.put("text", text));
        }
        ArrayNode calls = body.putArray("tool_calls");
        for (ToolCall call : response.toolCalls()) {
            calls.addObject().put("id", call.id()).put("name", call.name()).put("arguments", call.arguments());
        }
        body.put("input_tokens", response.usage().inputTokens());
        body.put("output_tokens", response.usage().outputTokens());
        // Part of input_tokens, whichever provider answered (Anthropic reports them apart; they are added in).
        body.put("cache_read_tokens", response.usage().cacheReadTokens());
        body.put("cache_write_tokens", response.usage().cacheWriteTokens());
        body.set("provider_usage", response.usage().raw().orElse(json.nullNode()));
        body.put("provider_request_id", response.providerRequestId().orElse(null));
        // Which deployment answered, so a caller can see where the unified endpoint sent it.
        request.upstream().ifPresent(target -> body.put("deployment", target.providerId() + "/" + target.model()));
        return body;
    }

    @Override
    public StreamEncoder streamEncoder(GatewayRequest request) {
        return new ChatStreamEncoder(json, request, this::errorBody);
    }

    @Override
    public JsonNode encodeError(GatewayException error, String requestId) {
        return errorBody(error, requestId);
    }

    private ObjectNode errorBody(GatewayException error, String requestId) {
        return OdockErrorShape.body(error, requestId, json);
    }
}
