package io.odock.core.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.core.plugins.ExtensionRegistry;
import io.odock.core.plugins.PluginFailure;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.function.BooleanSupplier;

/**
 * {@code /healthz} (the process is alive) and {@code /readyz} (it accepts traffic: 503 while it shuts down or while
 * the database cannot be reached). Readiness also lists plugins that were skipped at start-up: the gateway serves
 * without them, and the operator should know.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {
    private final ExtensionRegistry registry;
    private final BooleanSupplier accepting;
    private final BooleanSupplier databaseUp;
    private final String rateLimitBackend;
    private final BooleanSupplier rateLimitBackendUp;
    private final ObjectMapper json;

    /**
     * @param accepting  false once shutdown has begun
     * @param databaseUp whether the last background check reached the database
     */
    public HealthResource(ExtensionRegistry registry, BooleanSupplier accepting, BooleanSupplier databaseUp,
                          String rateLimitBackend, BooleanSupplier rateLimitBackendUp,
                          ObjectMapper json) {
        this.registry = registry;
        this.accepting = accepting;
        this.databaseUp = databaseUp;
        this.rateLimitBackend = rateLimitBackend;
        this.rateLimitBackendUp = rateLimitBackendUp;
        this.json = json;
    }

    /** Liveness. */
    @GET
    @Path("healthz")
    public Response health() {
        return Response.ok(JsonEntity.of(json, json.createObjectNode().put("status", "ok"))).build();
    }

    /** Readiness. */
    @GET
    @Path("readyz")
    public Response ready() {
        boolean accepts = accepting.getAsBoolean();
        boolean database = databaseUp.getAsBoolean();
        // Only the redis backend is a dependency; local buckets are always there.
        boolean limits = !rateLimitBackend.equals("redis") || rateLimitBackendUp.getAsBoolean();
        boolean ready = accepts && database && limits;
        ObjectNode answer = json.createObjectNode();
        answer.put("status", ready ? "ready" : accepts ? "degraded" : "stopping");
        answer.put("database", database ? "up" : "down");
        if (rateLimitBackend.equals("redis")) {
            answer.put("redis", limits ? "up" : "down");
        }
        ArrayNode loaded = answer.putArray("plugins");
        registry.plugins().forEach(p -> loaded.addObject().put("id", p.id()).put("version", p.version()));
        ArrayNode failed = answer.putArray("failed_plugins");
        for (PluginFailure failure : registry.failures()) {
            failed.addObject().put("source", failure.source()).put("reason", failure.reason());
        }
        return Response.status(ready ? 200 : 503).entity(JsonEntity.of(json, answer)).build();
    }
}
