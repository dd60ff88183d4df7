package io.odock.plugin.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.GatewayException;
import io.odock.spi.model.ContentBlock;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.Operation;
import io.odock.spi.model.ToolCall;
import io.odock.spi.model.UpstreamTarget;
import io.odock.spi.provider.ProviderAdapter;
import io.odock.spi.provider.UpstreamAnswer;
import io.odock.spi.provider.UpstreamCall;
import io.odock.spi.provider.UpstreamClient;
import io.odock.spi.provider.UpstreamHttp;
import io.odock.spi.stream.EventStream;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Calls Anthropic's {@code POST /v1/messages} with the operator's key in {@code x-api-key}. */
final class AnthropicProviderAdapter implements ProviderAdapter {
    /** The API version sent when the client did not choose one (a client of another dialect). */
    static final String DEFAULT_VERSION = "2023-06-01";

    private final UpstreamClient upstream;
    private final ObjectMapper json;
    private final MessagesPayloads payloads;

    AnthropicProviderAdapter(UpstreamClient upstream, ObjectMapper json, int defaultMaxTokens) {
        this.upstream = upstream;
        this.json = json;
        this.payloads = new MessagesPayloads(json, defaultMaxTokens);
    }

    @Override
    public GatewayResponse complete(GatewayRequest request) {
        requireChat(request);
        UpstreamTarget target = request.requireUpstream();
        MessagesPayloads.Payload payload = payloads.build(request);
        UpstreamAnswer answer = send(request, target, payload);
        UpstreamHttp.requireSuccess(answer, target, json, AnthropicProviderAdapter::errorMessage);
        JsonNode body = UpstreamHttp.readJson(answer, target, json);
        return read(body, answer.header("request-id")).toBuilder()
                .warnings(payload.warnings()).build();
    }

    @Override
    public EventStream stream(GatewayRequest request) {
        requireChat(request);
        UpstreamTarget target = request.requireUpstream();
        MessagesPayloads.Payload payload = payloads.build(request);
        UpstreamAnswer answer = send(request, target, payload);
        UpstreamHttp.requireSuccess(answer, target, json, AnthropicProviderAdapter::errorMessage);
        return new AnthropicEventStream(answer.body(), json, target.providerId(), request.passthrough(),
                answer.header("request-id")).withWarnings(payload.warnings());
    }

    private static void requireChat(GatewayRequest request) {
        if (request.operation() != Operation.CHAT) {
            throw GatewayException.invalidRequest("anthropic deployments serve chat (messages) calls only, not "
                    + request.operation());
        }
    }

    private UpstreamAnswer send(GatewayRequest request, UpstreamTarget target, MessagesPayloads.Payload payload) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(payload.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the upstream request", e);
        }
        UpstreamCall.Builder call = UpstreamHttp.jsonPost(target.baseUrl() + "/v1/messages", body, request.stream());
        call.header("anthropic-version", request.providerHeaders().getOrDefault("anthropic-version", DEFAULT_VERSION));
        Optional.ofNullable(request.providerHeaders().get("anthropic-beta"))
                .ifPresent(beta -> call.header("anthropic-beta", beta));
        if (target.apiKey().isPresent()) {
            call.header("x-api-key", target.apiKey().reveal());
        }
        return upstream.send(call.build(), target, request.stream());
    }

    /** Anthropic's error message: {@code {"type":"error","error":{"type","message"}}}. */
    static Optional<String> errorMessage(JsonNode body) {
        return Optional.ofNullable(body.path("error").path("message").textValue());
    }

    static GatewayResponse read(JsonNode answer, Optional<String> requestId) {
        StringBuilder text = new StringBuilder();
        List<ContentBlock> blocks = new ArrayList<>();
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode block : answer.path("content")) {
            String type = block.path("type").asText("");
            switch (type) {
                case "text" -> {
                    text.append(block.path("text").asText(""));
                    blocks.add(ContentBlock.of("text", Optional.of(block.path("text").asText("")), block));
                }
                case "tool_use" -> calls.add(ToolCall.of(block.path("id").asText(), block.path("name").asText(),
                        block.path("input").isMissingNode() ? "{}" : block.get("input").toString()));
                default -> blocks.add(ContentBlock.of(type, Optional.empty(), block));
            }
        }
        return GatewayResponse.builder()
                .provider(AnthropicProviderAdapterFactory.TYPE)
                .model(answer.path("model").asText(""))
                .content(text.toString())
                .contentBlocks(blocks)
                .toolCalls(calls)
                .stopReason(StopReasons.fromAnthropic(answer.path("stop_reason").asText("")))
                .usage(AnthropicUsage.read(answer.get("usage")))
                .providerRequestId(requestId.or(() -> Optional.ofNullable(answer.path("id").textValue())))
                .rawResponse(Optional.of(answer))
                .build();
    }
}
