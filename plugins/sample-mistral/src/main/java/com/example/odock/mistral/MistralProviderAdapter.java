package com.example.odock.mistral;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.GatewayException;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.UpstreamTarget;
import io.odock.spi.provider.ProviderAdapter;
import io.odock.spi.provider.UpstreamAnswer;
import io.odock.spi.provider.UpstreamCall;
import io.odock.spi.provider.UpstreamClient;
import io.odock.spi.provider.UpstreamHttp;
import io.odock.spi.stream.EventStream;

import java.util.Optional;

/**
 * Calls Mistral's chat completions API for the deployment the host chose: its base URL, its key as a Bearer token,
 * its model name. Chat (and Responses-style calls, which carry the same conversation) only; anything else is refused
 * with 400, because this sample does not implement Mistral's other endpoints.
 */
final class MistralProviderAdapter implements ProviderAdapter {
    private final MistralPayloads payloads;
    private final UpstreamClient upstream;
    private final ObjectMapper json;

    /**
     * @param payloads builds request bodies
     * @param upstream the host's client for upstream calls
     * @param json     the host's mapper
     */
    MistralProviderAdapter(MistralPayloads payloads, UpstreamClient upstream, ObjectMapper json) {
        this.payloads = payloads;
        this.upstream = upstream;
        this.json = json;
    }

    @Override
    public GatewayResponse complete(GatewayRequest request) {
        UpstreamTarget target = request.requireUpstream();
        UpstreamAnswer answer = send(request.toBuilder().stream(false).build(), target);
        GatewayResponse response = MistralAnswers.read(UpstreamHttp.readJson(answer, target, json),
                target.providerId(), requestId(answer));
        return response.toBuilder().warnings(payloads.warnings(request)).build();
    }

    @Override
    public EventStream stream(GatewayRequest request) {
        UpstreamTarget target = request.requireUpstream();
        UpstreamAnswer answer = send(request.toBuilder().stream(true).build(), target);
        return new MistralEventStream(answer.body(), json, target.providerId(), requestId(answer))
                .withWarnings(payloads.warnings(request));
    }

    /** Sends the call and returns a 2xx answer; any other status becomes the gateway's error for it. */
    private UpstreamAnswer send(GatewayRequest request, UpstreamTarget target) {
        refuseWhatItCannotDo(request);
        byte[] body;
        try {
            body = json.writeValueAsBytes(payloads.build(request));
        } catch (JsonProcessingException e) {
            throw GatewayException.invalidRequest("the request cannot be written for Mistral").withCause(e);
        }
        UpstreamCall call = UpstreamHttp.jsonPost(target.baseUrl() + "/v1/chat/completions", body, request.stream())
                .header("Authorization", "Bearer " + target.apiKey().reveal())
                .build();
        UpstreamAnswer answer = upstream.send(call, target, request.stream());
        UpstreamHttp.requireSuccess(answer, target, json, MistralErrors::message);
        return answer;
    }

    private static void refuseWhatItCannotDo(GatewayRequest request) {
        switch (request.operation()) {
            case CHAT, RESPONSES -> { }
            default -> throw GatewayException.invalidRequest("The model '" + request.model()
                    + "' is served by Mistral through the chat completions API, which does not answer "
                    + request.operation() + " calls");
        }
    }

    private static Optional<String> requestId(UpstreamAnswer answer) {
        return answer.header("x-request-id");
    }
}
