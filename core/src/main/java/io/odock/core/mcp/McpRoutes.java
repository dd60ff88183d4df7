package io.odock.core.mcp;

import io.odock.core.pipeline.InboundRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/**
 * {@code /v1/mcp/{server}}: MCP's Streamable HTTP transport, spoken by clients with their Odock key and relayed by
 * {@link McpGateway} to the configured server. POST carries one JSON-RPC message (answered with JSON or a stream of
 * events), GET opens the server's stream for a session, DELETE ends the session.
 */
@Path("/v1/mcp/{server}")
public final class McpRoutes {
    private final McpGateway gateway;

    /** Serves through this gateway. */
    public McpRoutes(McpGateway gateway) {
        this.gateway = gateway;
    }

    /** A client's JSON-RPC message. */
    @POST
    public Response post(@PathParam("server") String server, @Context InboundRequest request) {
        return respond(gateway.post(server, request));
    }

    /** The server's stream of messages. */
    @GET
    public Response stream(@PathParam("server") String server, @Context InboundRequest request) {
        return respond(gateway.get(server, request));
    }

    /** Ends the session. */
    @DELETE
    public Response end(@PathParam("server") String server, @Context InboundRequest request) {
        return respond(gateway.delete(server, request));
    }

    private static Response respond(McpResult result) {
        Response.ResponseBuilder response = Response.status(result.status());
        result.headers().forEach(response::header);
        if (result.stream() != null) {
            StreamingOutput events = out -> result.stream().writeTo(out);
            return response.type("text/event-stream").header("Cache-Control", "no-cache").entity(events).build();
        }
        if (result.body() != null) {
            return response.type("application/json").entity(result.body()).build();
        }
        return response.build();
    }
}
