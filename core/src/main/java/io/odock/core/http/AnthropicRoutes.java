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
 * The Anthropic-compatible route. Its dialect is {@code anthropic} and its RequiredProvider is the {@code anthropic}
 * provider type; clients send their Odock key as {@code x-api-key} (older SDKs) or {@code Authorization: Bearer}.
 */
@Path("/v1/messages")
public final class AnthropicRoutes {
    static final String MESSAGES_PATH = "/v1/messages";
    private static final RouteSpec MESSAGES = new RouteSpec(MESSAGES_PATH, Dialects.ANTHROPIC, Operation.CHAT,
            CredentialSources.ANTHROPIC, RouteRequirement.requires(MESSAGES_PATH, "anthropic"));

    private final ModelCallPipeline pipeline;
    private final ObjectMapper json;

    /** Serves through this pipeline. */
    public AnthropicRoutes(ModelCallPipeline pipeline, ObjectMapper json) {
        this.pipeline = pipeline;
        this.json = json;
    }

    /** {@code POST /v1/messages}, streaming or not. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response messages(@Context InboundRequest request) {
        return PipelineResponses.toResponse(pipeline.handle(MESSAGES, request), json);
    }
}
