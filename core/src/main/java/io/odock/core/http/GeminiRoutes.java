package io.odock.core.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.core.auth.CredentialSources;
import io.odock.core.pipeline.InboundRequest;
import io.odock.core.pipeline.ModelCallPipeline;
import io.odock.core.pipeline.RouteSpec;
import io.odock.core.routing.RouteRequirement;
import io.odock.spi.model.Operation;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The Gemini-compatible routes: {@code POST /v1beta/models/{model}:generateContent} and
 * {@code :streamGenerateContent}, and the same actions under {@code /v1/models/}, where current Google GenAI SDKs
 * call by default. Their dialect is {@code gemini} and their RequiredProvider the {@code gemini} provider type; the
 * model and the action come from the path, and clients send their Odock key as {@code x-goog-api-key}, {@code ?key=}
 * or {@code Authorization: Bearer}.
 *
 * <p>The action is one of the two names rather than any word, so that OpenAI's {@code GET /v1/models/{model}} keeps
 * serving fine-tuned model names that contain colons ({@code ft:gpt-4o-mini:org:custom}).
 */
public final class GeminiRoutes {
    static final String ACTIONS = "generateContent|streamGenerateContent";
    private static final String TEMPLATE = "{model: [^/]+}:{action: " + ACTIONS + "}";
    private static final RouteSpec V1BETA = gemini("/v1beta/models");
    private static final RouteSpec V1 = gemini("/v1/models");

    private final ModelCallPipeline pipeline;
    private final ObjectMapper json;

    /** Serves through this pipeline. */
    public GeminiRoutes(ModelCallPipeline pipeline, ObjectMapper json) {
        this.pipeline = pipeline;
        this.json = json;
    }

    /** The {@code /v1beta/models/...} resource. */
    @Path("/v1beta/models/" + TEMPLATE)
    public static final class V1Beta {
        private final GeminiRoutes routes;

        /** Serves through these routes. */
        public V1Beta(GeminiRoutes routes) {
            this.routes = routes;
        }

        /** {@code POST /v1beta/models/{model}:generateContent} or {@code :streamGenerateContent}. */
        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        public Response generate(@Context InboundRequest request) {
            return routes.call(V1BETA, request);
        }
    }

    /** The {@code /v1/models/...} resource. */
    @Path("/v1/models/" + TEMPLATE)
    public static final class V1 {
        private final GeminiRoutes routes;

        /** Serves through these routes. */
        public V1(GeminiRoutes routes) {
            this.routes = routes;
        }

        /** {@code POST /v1/models/{model}:generateContent} or {@code :streamGenerateContent}. */
        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        public Response generate(@Context InboundRequest request) {
            return routes.call(V1, request);
        }
    }

    private Response call(RouteSpec route, InboundRequest request) {
        return PipelineResponses.toResponse(pipeline.handle(route, request), json);
    }

    private static RouteSpec gemini(String prefix) {
        String path = prefix + "/{model}:{action}";
        return new RouteSpec(path, Dialects.GEMINI, Operation.CHAT, CredentialSources.GEMINI,
                RouteRequirement.requires(path, "gemini"));
    }
}
