package io.odock.plugin.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.GatewayException;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.Operation;
import io.odock.spi.model.UpstreamTarget;
import io.odock.spi.provider.ProviderAdapter;
import io.odock.spi.provider.UpstreamAnswer;
import io.odock.spi.provider.UpstreamCall;
import io.odock.spi.provider.UpstreamClient;
import io.odock.spi.provider.UpstreamHttp;
import io.odock.spi.stream.EventStream;

import java.util.Optional;

/**
 * Calls the Gemini API ({@code generativelanguage.googleapis.com}) with the operator's key in {@code x-goog-api-key}:
 * {@code {base}/models/{model}:generateContent} for a complete answer and
 * {@code :streamGenerateContent?alt=sse} for a stream (Server-Sent Events, whatever framing the client asked for; the
 * Gemini translator frames the client's answer).
 */
final class GeminiProviderAdapter implements ProviderAdapter {
    private final UpstreamClient upstream;
    private final ObjectMapper json;
    private final GeminiPayloads payloads;

    /**
     * @param upstream the host's client for upstream calls
     */
    GeminiProviderAdapter(UpstreamClient upstream, ObjectMapper json) {
        this.upstream = upstream;
        this.json = json;
        this.payloads = new GeminiPayloads(json);
    }

    @Override
    public GatewayResponse complete(GatewayRequest request) {
        UpstreamTarget target = request.requireUpstream();
        UpstreamAnswer answer = send(request, target, false);
        UpstreamHttp.requireSuccess(answer, target, json, GeminiProviderAdapter::errorMessage);
        JsonNode body = UpstreamHttp.readJson(answer, target, json);
        return GeminiAnswerReader.read(body).toBuilder().warnings(payloads.warnings(request)).build();
    }

    @Override
    public EventStream stream(GatewayRequest request) {
        UpstreamTarget target = request.requireUpstream();
        UpstreamAnswer answer = send(request, target, true);
        UpstreamHttp.requireSuccess(answer, target, json, GeminiProviderAdapter::errorMessage);
        return new GeminiEventStream(answer.body(), json, target.providerId(), request.passthrough())
                .withWarnings(payloads.warnings(request));
    }

    private UpstreamAnswer send(GatewayRequest request, UpstreamTarget target, boolean stream) {
        if (request.operation() != Operation.CHAT) {
            throw GatewayException.invalidRequest("provider '" + target.providerId() + "' (gemini) serves chat only, not "
                    + request.operation());
        }
        String url = target.baseUrl() + "/" + modelPath(target.model())
                + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
        byte[] body;
        try {
            body = json.writeValueAsBytes(payloads.build(request));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the upstream request", e);
        }
        UpstreamCall.Builder call = UpstreamHttp.jsonPost(url, body, stream);
        if (target.apiKey().isPresent()) {
            call.header("x-goog-api-key", target.apiKey().reveal());
        }
        return upstream.send(call.build(), target, stream);
    }

    /** The model's resource path: {@code models/{name}}, or a full resource name such as {@code tunedModels/x}. */
    private static String modelPath(String model) {
        return model.contains("/") ? model : "models/" + model;
    }

    /** Google's error message: {@code {"error":{"code","message","status"}}}. */
    private static Optional<String> errorMessage(JsonNode body) {
        JsonNode error = body.isArray() ? body.path(0).path("error") : body.path("error");
        return Optional.ofNullable(error.path("message").textValue());
    }
}
