package io.odock.core.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.core.auth.CredentialSources;
import io.odock.core.pipeline.ChatPipeline;
import io.odock.core.pipeline.RouteSpec;
import io.odock.core.routing.RouteRequirement;
import io.odock.spi.model.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.InputStream;

/**
 * The OpenAI-compatible routes. Their dialect is {@code openai} and their RequiredProvider is the {@code openai}
 * provider type: a body cannot send them to another provider.
 */
@Path("/v1")
public final class OpenAiRoutes {
    static final String CHAT_COMPLETIONS = "/v1/chat/completions";
    private static final RouteSpec CHAT = new RouteSpec(CHAT_COMPLETIONS, Dialects.OPENAI, Operation.CHAT,
            CredentialSources.BEARER, RouteRequirement.requires(CHAT_COMPLETIONS, "openai"));

    private final ChatPipeline pipeline;
    private final ObjectMapper json;

    /** Serves through this pipeline. */
    public OpenAiRoutes(ChatPipeline pipeline, ObjectMapper json) {
        this.pipeline = pipeline;
        this.json = json;
    }

    /** {@code POST /v1/chat/completions}, streaming or not. */
    @POST
    @Path("chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response chatCompletions(InputStream body, @Context ContainerRequestContext request,
                                    @Context HttpServletRequest servlet) {
        return PipelineResponses.toResponse(pipeline.handle(CHAT, InboundRequests.from(request, servlet, body)), json);
    }
}
