package io.odock.plugin.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.GatewayException;
import io.odock.spi.dialect.DialectTranslator;
import io.odock.spi.dialect.InboundCall;
import io.odock.spi.dialect.StreamEncoder;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.RawBody;

import java.time.Instant;
import java.util.Optional;

/**
 * An OpenAI-shaped dialect (OpenAI's own routes, vLLM's): requests, answers, streams and errors of every operation the
 * wire format has. Answers of the provider type this dialect belongs to go back as they came, under the client's model
 * name; chat, responses, embeddings and completions from other providers are written in OpenAI's shape.
 */
final class OpenAiDialectTranslator implements DialectTranslator {
    private final String dialect;
    private final String providerType;
    private final ObjectMapper json;
    private final ChatResponseWriter responses;
    private final EmbeddingsResponseWriter embeddings;
    private final ResponsesResponseWriter responsesApi;
    private final OpenAiErrors errors;

    OpenAiDialectTranslator(String dialect, String providerType, ObjectMapper json) {
        this.dialect = dialect;
        this.providerType = providerType;
        this.json = json;
        this.responses = new ChatResponseWriter(json);
        this.embeddings = new EmbeddingsResponseWriter(json);
        this.responsesApi = new ResponsesResponseWriter(json);
        this.errors = new OpenAiErrors(json);
    }

    @Override
    public String dialect() {
        return dialect;
    }

    @Override
    public GatewayRequest decode(InboundCall call) {
        return switch (call.operation()) {
            case CHAT -> ChatRequestReader.read(call.body(), dialect);
            case EMBEDDINGS -> EmbeddingsRequestReader.read(call.body(), dialect);
            case RESPONSES -> ResponsesRequestReader.read(call.body(), dialect);
            case IMAGE_GENERATION, IMAGE_EDIT, IMAGE_VARIATION -> ImagesRequestReader.read(call, dialect);
            case COMPLETIONS, AUDIO_TRANSCRIPTION, AUDIO_TRANSLATION, POOLING, CLASSIFICATION, SCORE, RERANK, TOKENIZE,
                 DETOKENIZE -> ModelCallReader.read(call, dialect);
        };
    }

    @Override
    public JsonNode encode(GatewayRequest request, GatewayResponse response) {
        Optional<JsonNode> asItCame = asItCame(request, response);
        return switch (request.operation()) {
            case EMBEDDINGS -> asItCame.orElseGet(() -> embeddings.write(request, response));
            case RESPONSES -> asItCame.orElseGet(() -> responsesApi.write(request, response));
            case CHAT -> asItCame.orElseGet(() -> responses.write(request, response));
            case COMPLETIONS -> asItCame.orElseGet(() -> completion(request, response));
            case IMAGE_GENERATION, IMAGE_EDIT, IMAGE_VARIATION -> ownAnswer(response, "image data");
            case AUDIO_TRANSCRIPTION, AUDIO_TRANSLATION, POOLING, CLASSIFICATION, SCORE, RERANK, TOKENIZE,
                 DETOKENIZE -> renamed(ownAnswer(response, "a " + request.operation() + " result"), request);
        };
    }

    @Override
    public Optional<RawBody> encodeRaw(GatewayRequest request, GatewayResponse response) {
        return response.provider().equals(providerType) ? response.rawBody() : Optional.empty();
    }

    @Override
    public StreamEncoder streamEncoder(GatewayRequest request) {
        return switch (request.operation()) {
            case RESPONSES -> new ResponsesStreamEncoder(json, request, responsesApi);
            case IMAGE_GENERATION, IMAGE_EDIT, IMAGE_VARIATION -> new RawRelayEncoder(json, errors);
            default -> new ChatStreamEncoder(json, request, (error, requestId) -> errors.body(error));
        };
    }

    /** An answer only this dialect's own provider type gives (images, transcripts, vLLM's pooling family). */
    private JsonNode ownAnswer(GatewayResponse response, String what) {
        return response.rawResponse().filter(raw -> response.provider().equals(providerType))
                .orElseThrow(() -> GatewayException.upstreamError("provider '" + response.provider()
                        + "' answered without " + what));
    }

    /** The answer under the client's model name, when it names one. */
    private static JsonNode renamed(JsonNode answer, GatewayRequest request) {
        if (answer instanceof ObjectNode object && object.has("model")) {
            ObjectNode copy = object.deepCopy();
            copy.put("model", request.model());
            return copy;
        }
        return answer;
    }

    /** Same dialect: the upstream's answer goes back as it came, under the client's model name. */
    private Optional<JsonNode> asItCame(GatewayRequest request, GatewayResponse response) {
        return response.rawResponse().filter(raw -> raw.isObject() && response.provider().equals(providerType))
                .map(raw -> renamed(raw, request));
    }

    /** A legacy {@code text_completion} written from another provider's answer. */
    private JsonNode completion(GatewayRequest request, GatewayResponse response) {
        ObjectNode root = json.createObjectNode();
        root.put("id", "cmpl-" + response.providerRequestId().orElse(Long.toHexString(System.nanoTime())));
        root.put("object", "text_completion");
        root.put("created", Instant.now().getEpochSecond());
        root.put("model", request.model());
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0).put("text", response.content()).putNull("logprobs");
        choice.put("finish_reason", response.stopReason());
        ChatResponseWriter.writeUsage(root.putObject("usage"), response.usage());
        return root;
    }

    @Override
    public JsonNode encodeError(GatewayException error, String requestId) {
        return errors.body(error);
    }
}
