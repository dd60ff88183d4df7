package io.odock.plugin.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.GatewayException;
import io.odock.spi.dialect.DialectTranslator;
import io.odock.spi.dialect.InboundCall;
import io.odock.spi.dialect.StreamEncoder;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.Operation;

/** The OpenAI dialect: Chat Completions requests, answers, streams and errors. */
final class OpenAiDialectTranslator implements DialectTranslator {
    private final ObjectMapper json;
    private final ChatResponseWriter responses;
    private final EmbeddingsResponseWriter embeddings;
    private final ResponsesResponseWriter responsesApi;
    private final OpenAiErrors errors;

    OpenAiDialectTranslator(ObjectMapper json) {
        this.json = json;
        this.responses = new ChatResponseWriter(json);
        this.embeddings = new EmbeddingsResponseWriter(json);
        this.responsesApi = new ResponsesResponseWriter(json);
        this.errors = new OpenAiErrors(json);
    }

    @Override
    public String dialect() {
        return OpenAiDialectTranslatorFactory.DIALECT;
    }

    @Override
    public GatewayRequest decode(InboundCall call) {
        return switch (call.operation()) {
            case CHAT -> ChatRequestReader.read(call.body());
            case EMBEDDINGS -> EmbeddingsRequestReader.read(call.body(), dialect());
            case RESPONSES -> ResponsesRequestReader.read(call.body());
            case IMAGE_GENERATION, IMAGE_EDIT, IMAGE_VARIATION -> ImagesRequestReader.read(call);
        };
    }

    @Override
    public JsonNode encode(GatewayRequest request, GatewayResponse response) {
        return switch (request.operation()) {
            case EMBEDDINGS -> embeddings.write(request, response);
            case RESPONSES -> responsesApi.write(request, response);
            case IMAGE_GENERATION, IMAGE_EDIT, IMAGE_VARIATION -> images(response);
            case CHAT -> responses.write(request, response);
        };
    }

    @Override
    public StreamEncoder streamEncoder(GatewayRequest request) {
        return switch (request.operation()) {
            case RESPONSES -> new ResponsesStreamEncoder(json, request, responsesApi);
            case IMAGE_GENERATION, IMAGE_EDIT, IMAGE_VARIATION -> new RawRelayEncoder(json, errors);
            default -> new ChatStreamEncoder(json, request, (error, requestId) -> errors.body(error));
        };
    }

    /** Images answers carry no model name; an OpenAI provider's answer goes back as it came. */
    private static JsonNode images(GatewayResponse response) {
        return response.rawResponse().filter(raw -> response.provider().equals(OpenAiProviderAdapterFactory.TYPE))
                .orElseThrow(() -> GatewayException.upstreamError("provider '" + response.provider()
                        + "' answered an image request without image data"));
    }

    @Override
    public JsonNode encodeError(GatewayException error, String requestId) {
        return errors.body(error);
    }
}
