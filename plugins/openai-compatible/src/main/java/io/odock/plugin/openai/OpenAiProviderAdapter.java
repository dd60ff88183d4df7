package io.odock.plugin.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.GatewayException;
import io.odock.spi.UpstreamErrors;
import io.odock.spi.model.ContentBlock;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.Operation;
import io.odock.spi.model.RawBody;
import io.odock.spi.model.ToolCall;
import io.odock.spi.model.UpstreamTarget;
import io.odock.spi.provider.ProviderAdapter;
import io.odock.spi.provider.UpstreamAnswer;
import io.odock.spi.provider.UpstreamCall;
import io.odock.spi.provider.UpstreamClient;
import io.odock.spi.provider.UpstreamHttp;
import io.odock.spi.stream.EventStream;
import io.odock.spi.stream.SseEventStream;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Calls an OpenAI-compatible API ({@link CompatibleApi}: OpenAI's, vLLM's) with the operator's key as
 * {@code Authorization: Bearer}: chat, responses, embeddings, completions, images, audio, and whatever else the API
 * offers (vLLM's pooling family, answered as it came).
 */
final class OpenAiProviderAdapter implements ProviderAdapter {
    private final CompatibleApi api;
    private final UpstreamClient upstream;
    private final ObjectMapper json;
    private final ChatPayloads payloads;

    /**
     * @param upstream the host's client for upstream calls
     */
    OpenAiProviderAdapter(CompatibleApi api, UpstreamClient upstream, ObjectMapper json) {
        this.api = api;
        this.upstream = upstream;
        this.json = json;
        this.payloads = new ChatPayloads(json, api);
    }

    @Override
    public GatewayResponse complete(GatewayRequest request) {
        UpstreamTarget target = request.requireUpstream();
        UpstreamAnswer answer = send(request, target);
        UpstreamHttp.requireSuccess(answer, target, json, OpenAiProviderAdapter::errorMessage);
        Optional<String> requestId = answer.header("x-request-id");
        if (!isJson(answer)) {
            return readRaw(answer, target, requestId);
        }
        JsonNode body = UpstreamHttp.readJson(answer, target, json);
        GatewayResponse read = switch (request.operation()) {
            case EMBEDDINGS -> readEmbeddings(body, requestId);
            case RESPONSES -> readResponse(body, requestId);
            case CHAT -> read(body, requestId);
            case COMPLETIONS -> readCompletion(body, requestId);
            case IMAGE_GENERATION, IMAGE_EDIT, IMAGE_VARIATION, AUDIO_TRANSCRIPTION, AUDIO_TRANSLATION, POOLING,
                 CLASSIFICATION, SCORE, RERANK, TOKENIZE, DETOKENIZE -> readAsItCame(body, requestId);
        };
        return read.toBuilder().warnings(payloads.warnings(request)).build();
    }

    @Override
    public EventStream stream(GatewayRequest request) {
        if (request.operation() == Operation.EMBEDDINGS) {
            throw GatewayException.invalidRequest(request.operation() + " calls cannot be streamed");
        }
        UpstreamTarget target = request.requireUpstream();
        UpstreamAnswer answer = send(request, target);
        UpstreamHttp.requireSuccess(answer, target, json, OpenAiProviderAdapter::errorMessage);
        Optional<String> requestId = answer.header("x-request-id");
        SseEventStream stream = switch (request.operation()) {
            case RESPONSES -> new ResponsesEventStream(answer.body(), json, target.providerId(),
                    request.passthrough(), requestId);
            case IMAGE_GENERATION, IMAGE_EDIT, IMAGE_VARIATION -> new PassthroughEventStream(answer.body(), json,
                    target.providerId(), requestId);
            default -> new OpenAiEventStream(answer.body(), json, target.providerId(), request.passthrough(),
                    requestId);
        };
        return stream.withWarnings(payloads.warnings(request));
    }

    /** Sends the call: a complete answer is read whole within the total timeout, a stream up to its headers. */
    private UpstreamAnswer send(GatewayRequest request, UpstreamTarget target) {
        String url = api.url(target.baseUrl(), api.path(request.operation()).orElseThrow(() ->
                GatewayException.invalidRequest("provider '" + target.providerId() + "' (" + api.providerType()
                        + ") does not offer " + request.operation() + " calls")));
        UpstreamCall.Builder call;
        if (!request.files().isEmpty()) {
            ObjectNode fields = request.rawPayload().deepCopy();
            fields.remove("provider");
            fields.put("model", target.model());
            MultipartPayload multipart = new MultipartPayload(fields, request.files());
            call = UpstreamCall.post(url)
                    .header("Accept", request.stream() ? "text/event-stream" : "*/*")
                    .body(multipart.body());
        } else {
            try {
                call = UpstreamHttp.jsonPost(url, json.writeValueAsBytes(payloads.build(request)), request.stream());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialize the upstream request", e);
            }
        }
        if (target.apiKey().isPresent()) {
            call.header("Authorization", "Bearer " + target.apiKey().reveal());
        }
        return upstream.send(call.build(), target, request.stream());
    }

    /** OpenAI's error message: {@code {"error":{"message":...}}} (older vLLM: {@code {"object":"error","message"}}). */
    private static Optional<String> errorMessage(JsonNode body) {
        return Optional.ofNullable(body.path("error").path("message").textValue())
                .or(() -> Optional.ofNullable(body.path("message").textValue()));
    }

    private static boolean isJson(UpstreamAnswer answer) {
        return answer.header("content-type").map(type -> type.contains("json")).orElse(true);
    }

    /** A body that is not JSON (a transcript as text, SRT or WebVTT), kept as it came. */
    private GatewayResponse readRaw(UpstreamAnswer answer, UpstreamTarget target, Optional<String> requestId) {
        try (InputStream body = answer.body()) {
            return GatewayResponse.builder()
                    .provider(api.providerType())
                    .rawBody(Optional.of(new RawBody(answer.header("content-type").orElse("text/plain"),
                            body.readAllBytes())))
                    .providerRequestId(requestId)
                    .build();
        } catch (IOException e) {
            throw UpstreamErrors.fromIOException(target.providerId(), e);
        }
    }

    /** An answer only a client of this API's dialect reads; its usage, when it reports one, is metered. */
    private GatewayResponse readAsItCame(JsonNode answer, Optional<String> requestId) {
        return GatewayResponse.builder()
                .provider(api.providerType())
                .model(answer.path("model").asText(""))
                .usage(OpenAiUsage.readAnswer(answer))
                .providerRequestId(requestId.or(() -> Optional.ofNullable(answer.path("id").textValue())))
                .rawResponse(Optional.of(answer))
                .build();
    }

    private GatewayResponse readCompletion(JsonNode answer, Optional<String> requestId) {
        JsonNode choice = answer.path("choices").path(0);
        return GatewayResponse.builder()
                .provider(api.providerType())
                .model(answer.path("model").asText(""))
                .content(choice.path("text").asText(""))
                .stopReason(choice.path("finish_reason").asText("stop"))
                .usage(OpenAiUsage.read(answer.get("usage")))
                .providerRequestId(requestId.or(() -> Optional.ofNullable(answer.path("id").textValue())))
                .rawResponse(Optional.of(answer))
                .build();
    }

    private GatewayResponse readEmbeddings(JsonNode answer, Optional<String> requestId) {
        List<List<Double>> vectors = new ArrayList<>();
        for (JsonNode item : answer.path("data")) {
            // base64 vectors stay in the raw answer, which goes back to an OpenAI client as it came.
            if (item.path("embedding").isArray()) {
                List<Double> vector = new ArrayList<>(item.get("embedding").size());
                item.get("embedding").forEach(value -> vector.add(value.asDouble()));
                vectors.add(vector);
            }
        }
        return GatewayResponse.builder()
                .provider(api.providerType())
                .model(answer.path("model").asText(""))
                .embeddings(vectors)
                .usage(OpenAiUsage.read(answer.get("usage")))
                .providerRequestId(requestId)
                .rawResponse(Optional.of(answer))
                .build();
    }

    private GatewayResponse readResponse(JsonNode answer, Optional<String> requestId) {
        StringBuilder text = new StringBuilder();
        List<ToolCall> toolCalls = new ArrayList<>();
        for (JsonNode item : answer.path("output")) {
            if (item.path("type").asText().equals("message")) {
                for (JsonNode part : item.path("content")) {
                    if (part.path("type").asText().equals("output_text")) {
                        text.append(part.path("text").asText(""));
                    }
                }
            } else if (item.path("type").asText().equals("function_call")) {
                toolCalls.add(ToolCall.of(item.path("call_id").asText(), item.path("name").asText(),
                        item.path("arguments").asText("")));
            }
        }
        return GatewayResponse.builder()
                .provider(api.providerType())
                .model(answer.path("model").asText(""))
                .content(text.toString())
                .toolCalls(toolCalls)
                .stopReason(!toolCalls.isEmpty() ? "tool_calls"
                        : answer.path("status").asText().equals("incomplete") ? "length" : "stop")
                .usage(OpenAiUsage.readInputOutput(answer.path("usage")))
                .providerRequestId(requestId.or(() -> Optional.ofNullable(answer.path("id").textValue())))
                .rawResponse(Optional.of(answer))
                .build();
    }

    private GatewayResponse read(JsonNode answer, Optional<String> requestId) {
        JsonNode choice = answer.path("choices").path(0);
        JsonNode message = choice.path("message");
        JsonNode content = message.path("content");
        List<ContentBlock> blocks = new ArrayList<>();
        String text;
        if (content.isArray()) {
            StringBuilder joined = new StringBuilder();
            for (JsonNode part : content) {
                Optional<String> partText = part.path("text").isTextual()
                        ? Optional.of(part.get("text").asText()) : Optional.empty();
                partText.ifPresent(joined::append);
                blocks.add(ContentBlock.of(part.path("type").asText("text"), partText, part));
            }
            text = joined.toString();
        } else {
            text = content.asText("");
        }
        List<ToolCall> toolCalls = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            toolCalls.add(ToolCall.of(call.path("id").asText(), call.path("function").path("name").asText(),
                    call.path("function").path("arguments").asText("")));
        }
        return GatewayResponse.builder()
                .provider(api.providerType())
                .model(answer.path("model").asText(""))
                .content(text)
                .contentBlocks(blocks)
                .toolCalls(toolCalls)
                .stopReason(choice.path("finish_reason").asText("stop"))
                .usage(OpenAiUsage.read(answer.get("usage")))
                .providerRequestId(requestId.or(() -> Optional.ofNullable(answer.path("id").textValue())))
                .rawResponse(Optional.of(answer))
                .build();
    }
}
