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
 * Odock's own unified endpoint. Its dialect is {@code odock} and it requires no provider type: the model's
 * deployments, or the body's {@code provider}, decide which provider answers.
 */
@Path("/v1/llm")
public final class UnifiedRoutes {
    static final String CHAT_PATH = "/v1/llm/chat";
    private static final RouteSpec CHAT = new RouteSpec(CHAT_PATH, Dialects.ODOCK, Operation.CHAT,
            CredentialSources.BEARER, RouteRequirement.any(CHAT_PATH));

    private final ModelCallPipeline pipeline;
    private final ObjectMapper json;

    /** Serves through this pipeline. */
    public UnifiedRoutes(ModelCallPipeline pipeline, ObjectMapper json) {
        this.pipeline = pipeline;
        this.json = json;
    }

    /** {@code POST /v1/llm/chat}, streaming or not. */
    @POST
    @Path("chat")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response chat(@Context InboundRequest request) {
        return PipelineResponses.toResponse(pipeline.handle(CHAT, request), json);
    }
}
