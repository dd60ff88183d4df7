package com.example.odock.mistral;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.GatewayException;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.UpstreamTarget;
import io.odock.spi.provider.ProviderAdapter;
import io.odock.spi.provider.UpstreamHttp;
import io.odock.spi.stream.EventStream;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Calls Mistral's chat completions API for the deployment the host chose: its base URL, its key as a Bearer token,
 * its model name. Chat (and Responses-style calls, which carry the same conversation) only; anything else is refused
 * with 400, because this sample does not implement Mistral's other endpoints.
 */
final class MistralProviderAdapter implements ProviderAdapter {
    private final MistralPayloads payloads;
    private final Function<Duration, HttpClient> clients;
    private final ObjectMapper json;

    /**
     * @param payloads builds request bodies
     * @param clients  the host's pooled HTTP client for a connect timeout
     * @param json     the host's mapper
     */
    MistralProviderAdapter(MistralPayloads payloads, Function<Duration, HttpClient> clients, ObjectMapper json) {
        this.payloads = payloads;
        this.clients = clients;
        this.json = json;
    }

    @Override
    public GatewayResponse complete(GatewayRequest request) {
        UpstreamTarget target = request.requireUpstream();
        HttpResponse<InputStream> response = send(request.toBuilder().stream(false).build(), target);
        GatewayResponse answer = MistralAnswers.read(UpstreamHttp.readJson(response, target, json),
                target.providerId(), requestId(response));
        return answer.toBuilder().warnings(payloads.warnings(request)).build();
    }

    @Override
    public EventStream stream(GatewayRequest request) {
        UpstreamTarget target = request.requireUpstream();
        HttpResponse<InputStream> response = send(request.toBuilder().stream(true).build(), target);
        return new MistralEventStream(response.body(), json, target.providerId(), requestId(response))
                .withWarnings(payloads.warnings(request));
    }

    /** Sends the call and returns a 2xx answer; any other status becomes the gateway's error for it. */
    private HttpResponse<InputStream> send(GatewayRequest request, UpstreamTarget target) {
        refuseWhatItCannotDo(request);
        byte[] body;
        try {
            body = json.writeValueAsBytes(payloads.build(request));
        } catch (JsonProcessingException e) {
            throw GatewayException.invalidRequest("the request cannot be written for Mistral").withCause(e);
        }
        HttpRequest call = UpstreamHttp.jsonPost(target.baseUrl() + "/v1/chat/completions", target, body,
                        request.stream())
                .header("Authorization", "Bearer " + target.apiKey().reveal())
                .build();
        HttpResponse<InputStream> response = UpstreamHttp.send(clients.apply(target.connectTimeout()), call, target,
                request.stream());
        UpstreamHttp.requireSuccess(response, target, json, MistralErrors::message);
        return response;
    }

    private static void refuseWhatItCannotDo(GatewayRequest request) {
        switch (request.operation()) {
            case CHAT, RESPONSES -> { }
            default -> throw GatewayException.invalidRequest("The model '" + request.model()
                    + "' is served by Mistral through the chat completions API, which does not answer "
                    + request.operation() + " calls");
        }
    }

    private static Optional<String> requestId(HttpResponse<InputStream> response) {
        return response.headers().firstValue("x-request-id");
    }
}
