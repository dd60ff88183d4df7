package io.odock.core.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.core.auth.CallerAuthenticator;
import io.odock.core.auth.CredentialSources;
import io.odock.core.pipeline.InboundRequest;
import io.odock.core.pipeline.ModelCallPipeline;
import io.odock.core.pipeline.RouteSpec;
import io.odock.core.routing.LiveRouter;
import io.odock.core.routing.RouteRequirement;
import io.odock.spi.model.Operation;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.util.Map;

/**
 * The vLLM-compatible routes under {@code /v1/vllm}: every endpoint a vLLM server offers, each forwarded to a vLLM
 * deployment with the model renamed. Their dialect is {@code vllm} (OpenAI's wire format, errors included) and their
 * RequiredProvider the {@code vllm} provider type.
 */
@Path("/v1/vllm")
public final class VllmRoutes {
    static final String PREFIX = "/v1/vllm";
    /** The JSON calls, by their path under {@code /v1/vllm}. */
    private static final Map<String, RouteSpec> JSON_CALLS = Map.ofEntries(
            route("chat/completions", Operation.CHAT, RouteSpec.BodyKind.JSON),
            route("completions", Operation.COMPLETIONS, RouteSpec.BodyKind.JSON),
            route("responses", Operation.RESPONSES, RouteSpec.BodyKind.JSON),
            route("embeddings", Operation.EMBEDDINGS, RouteSpec.BodyKind.JSON),
            route("pooling", Operation.POOLING, RouteSpec.BodyKind.JSON),
            route("classify", Operation.CLASSIFICATION, RouteSpec.BodyKind.JSON),
            route("score", Operation.SCORE, RouteSpec.BodyKind.JSON),
            route("rerank", Operation.RERANK, RouteSpec.BodyKind.JSON),
            route("tokenize", Operation.TOKENIZE, RouteSpec.BodyKind.JSON),
            route("detokenize", Operation.DETOKENIZE, RouteSpec.BodyKind.JSON));
    private static final Map<String, RouteSpec> AUDIO_CALLS = Map.ofEntries(
            route("audio/transcriptions", Operation.AUDIO_TRANSCRIPTION, RouteSpec.BodyKind.MULTIPART),
            route("audio/translations", Operation.AUDIO_TRANSLATION, RouteSpec.BodyKind.MULTIPART));
    private static final RouteRequirement MODELS = RouteRequirement.requires(PREFIX + "/models", "vllm");

    private final ModelCallPipeline pipeline;
    private final ModelList models;
    private final ObjectMapper json;

    /** Serves model calls through the pipeline and the model list from the router. */
    public VllmRoutes(ModelCallPipeline pipeline, CallerAuthenticator authenticator, LiveRouter routing,
                      ObjectMapper json, Clock clock) {
        this.pipeline = pipeline;
        this.models = new ModelList(routing, authenticator, json, clock.instant().getEpochSecond());
        this.json = json;
    }

    /** {@code POST /v1/vllm/chat/completions}, {@code /completions}, ... {@code /detokenize}. */
    @POST
    @Path("{call: chat/completions|completions|responses|embeddings|pooling|classify|score|rerank|tokenize|detokenize}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response call(@PathParam("call") String call, @Context InboundRequest request) {
        return PipelineResponses.toResponse(pipeline.handle(JSON_CALLS.get(call), request), json);
    }

    /** {@code POST /v1/vllm/audio/transcriptions} and {@code /translations}: multipart with the audio file. */
    @POST
    @Path("{call: audio/transcriptions|audio/translations}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response audio(@PathParam("call") String call, @Context InboundRequest request) {
        return PipelineResponses.toResponse(pipeline.handle(AUDIO_CALLS.get(call), request), json);
    }

    /** {@code GET /v1/vllm/models}: the vLLM models this key may use. */
    @GET
    @Path("models")
    public Response listModels(@Context InboundRequest request) {
        return models.listResponse(request, MODELS);
    }

    /** {@code POST /v1/vllm/models}: the same list (some vLLM clients ask with POST). */
    @POST
    @Path("models")
    public Response listModelsByPost(@Context InboundRequest request) {
        return listModels(request);
    }

    private static Map.Entry<String, RouteSpec> route(String call, Operation operation, RouteSpec.BodyKind body) {
        String path = PREFIX + "/" + call;
        return Map.entry(call, new RouteSpec(path, Dialects.VLLM, operation, CredentialSources.BEARER,
                RouteRequirement.requires(path, "vllm"), body));
    }
}
