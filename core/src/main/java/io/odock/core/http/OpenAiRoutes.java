package io.odock.core.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.core.auth.CallerAuthenticator;
import io.odock.core.auth.CredentialSources;
import io.odock.core.routing.LiveRouter;
import io.odock.core.pipeline.InboundRequest;
import io.odock.core.pipeline.ModelCallPipeline;
import io.odock.core.pipeline.RouteSpec;
import io.odock.core.routing.RouteRequirement;
import io.odock.spi.model.Operation;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Clock;

/**
 * The OpenAI-compatible routes. Their dialect is {@code openai} and their RequiredProvider is the {@code openai}
 * provider type: a body cannot send them to another provider, and the model list shows only models they can serve.
 */
@Path("/v1")
public final class OpenAiRoutes {
    static final String CHAT_COMPLETIONS = "/v1/chat/completions";
    private static final RouteSpec CHAT = new RouteSpec(CHAT_COMPLETIONS, Dialects.OPENAI, Operation.CHAT,
            CredentialSources.BEARER, RouteRequirement.requires(CHAT_COMPLETIONS, "openai"));

    static final String EMBEDDINGS_PATH = "/v1/embeddings";
    private static final RouteSpec EMBEDDINGS = new RouteSpec(EMBEDDINGS_PATH, Dialects.OPENAI, Operation.EMBEDDINGS,
            CredentialSources.BEARER, RouteRequirement.requires(EMBEDDINGS_PATH, "openai"));

    static final String RESPONSES_PATH = "/v1/responses";
    private static final RouteSpec RESPONSES = new RouteSpec(RESPONSES_PATH, Dialects.OPENAI, Operation.RESPONSES,
            CredentialSources.BEARER, RouteRequirement.requires(RESPONSES_PATH, "openai"));

    private static final RouteSpec IMAGE_GENERATIONS = openAi("/v1/images/generations", Operation.IMAGE_GENERATION,
            RouteSpec.BodyKind.JSON);
    private static final RouteSpec IMAGE_EDITS = openAi("/v1/images/edits", Operation.IMAGE_EDIT,
            RouteSpec.BodyKind.MULTIPART);
    private static final RouteSpec IMAGE_VARIATIONS = openAi("/v1/images/variations", Operation.IMAGE_VARIATION,
            RouteSpec.BodyKind.MULTIPART);

    private final ModelCallPipeline pipeline;
    private final ModelList models;
    private final ObjectMapper json;

    /** Serves model calls through the pipeline and the model list from the router. */
    public OpenAiRoutes(ModelCallPipeline pipeline, CallerAuthenticator authenticator, LiveRouter routing,
                        ObjectMapper json, Clock clock) {
        this.pipeline = pipeline;
        this.models = new ModelList(routing, authenticator, json, clock.instant().getEpochSecond());
        this.json = json;
    }

    /** {@code POST /v1/chat/completions}, streaming or not. */
    @POST
    @Path("chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response chatCompletions(@Context InboundRequest request) {
        return PipelineResponses.toResponse(pipeline.handle(CHAT, request), json);
    }

    /** {@code POST /v1/responses}, streaming or not. */
    @POST
    @Path("responses")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response responses(@Context InboundRequest request) {
        return PipelineResponses.toResponse(pipeline.handle(RESPONSES, request), json);
    }

    /** {@code POST /v1/images/generations}, streaming or not. */
    @POST
    @Path("images/generations")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response imageGenerations(@Context InboundRequest request) {
        return call(IMAGE_GENERATIONS, request);
    }

    /** {@code POST /v1/images/edits}: multipart with the image(s), an optional mask and the prompt. */
    @POST
    @Path("images/edits")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response imageEdits(@Context InboundRequest request) {
        return call(IMAGE_EDITS, request);
    }

    /** {@code POST /v1/images/variations}: multipart with the image. */
    @POST
    @Path("images/variations")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response imageVariations(@Context InboundRequest request) {
        return call(IMAGE_VARIATIONS, request);
    }

    private Response call(RouteSpec route, InboundRequest request) {
        return PipelineResponses.toResponse(pipeline.handle(route, request), json);
    }

    private static RouteSpec openAi(String path, Operation operation, RouteSpec.BodyKind body) {
        return new RouteSpec(path, Dialects.OPENAI, operation, CredentialSources.BEARER,
                RouteRequirement.requires(path, "openai"), body);
    }

    /** {@code POST /v1/embeddings}. */
    @POST
    @Path("embeddings")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response embeddings(@Context InboundRequest request) {
        return PipelineResponses.toResponse(pipeline.handle(EMBEDDINGS, request), json);
    }

    /** {@code GET /v1/models}: the models this key may use here, in OpenAI's list shape. */
    @GET
    @Path("models")
    public Response listModels(@Context InboundRequest request) {
        return models.listResponse(request, CHAT.requirement());
    }

    /** {@code GET /v1/models/{model}}: one model, 404 when it is unknown or not for this key. */
    @GET
    @Path("models/{model}")
    public Response retrieveModel(@PathParam("model") String model, @Context InboundRequest request) {
        return models.retrieveResponse(request, CHAT.requirement(), model);
    }
}
