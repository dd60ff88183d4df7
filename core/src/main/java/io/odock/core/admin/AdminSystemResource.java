package io.odock.core.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.core.http.JsonEntity;
import io.odock.core.plugins.ExtensionRegistry;
import io.odock.core.plugins.LoadedPlugin;
import io.odock.core.plugins.PluginFailure;
import io.odock.core.routing.DeploymentHealth;
import io.odock.core.routing.LiveRouter;
import io.odock.core.routing.ModelRouter;
import io.odock.core.reload.ConfigReload;
import io.odock.core.server.OdockVersion;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /admin/v1/plugins}, {@code /admin/v1/deployments} and {@code /admin/v1/version}: what this gateway is running
 * and how its deployments are doing.
 */
@AdminApi
@Path("/admin/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminSystemResource {
    private final ExtensionRegistry registry;
    private final LiveRouter routing;
    private final ConfigReload reload;
    private final ObjectMapper json;

    /** Reports on this registry and the router in force, and reloads the configuration. */
    public AdminSystemResource(ExtensionRegistry registry, LiveRouter routing, ConfigReload reload,
                               ObjectMapper json) {
        this.registry = registry;
        this.routing = routing;
        this.reload = reload;
        this.json = json;
    }

    /**
     * {@code POST /admin/v1/reload}: reads the configuration file again and puts its providers, models, routing,
     * pricing and failover in force; an invalid file is refused with 400 {@code invalid_config} and the running
     * configuration stays.
     */
    @POST
    @Path("reload")
    public Response reload() {
        ConfigReload.Outcome outcome = reload.reload();
        ObjectNode answer = json.createObjectNode();
        answer.put("status", "reloaded");
        answer.put("source", outcome.source());
        answer.put("providers", outcome.providers());
        answer.put("models", outcome.models());
        ArrayNode restart = answer.putArray("restart_required");
        outcome.restartRequired().forEach(restart::add);
        return Response.ok(JsonEntity.of(json, answer)).build();
    }

    /** Every deployment with its circuit (closed, open until when, half-open) and its moving-average latency. */
    @GET
    @Path("deployments")
    public Response deployments() {
        ModelRouter router = routing.current();
        ObjectNode answer = json.createObjectNode();
        ArrayNode data = answer.putArray("data");
        router.deployments().forEach((model, deployments) -> deployments.forEach(deployment -> {
            DeploymentHealth.Status status = router.health().status(deployment);
            ObjectNode node = data.addObject();
            node.put("model", model);
            node.put("provider", deployment.provider().id());
            node.put("upstream_model", deployment.upstreamModel());
            node.put("state", status.state().name().toLowerCase(java.util.Locale.ROOT));
            node.put("consecutive_failures", status.consecutiveFailures());
            node.put("open_until", status.openUntil().map(Object::toString).orElse(null));
            router.latency().average(deployment).ifPresentOrElse(
                    average -> node.put("latency_ms", average.toNanos() / 1_000_000.0),
                    () -> node.putNull("latency_ms"));
        }));
        return Response.ok(JsonEntity.of(json, answer)).build();
    }

    /** The loaded plugins with their versions and extensions, and the skipped ones with the reason. */
    @GET
    @Path("plugins")
    public Response plugins() {
        ObjectNode answer = json.createObjectNode();
        answer.put("spi_version", OdockVersion.spi());
        ArrayNode plugins = answer.putArray("plugins");
        for (LoadedPlugin plugin : registry.plugins()) {
            ObjectNode node = plugins.addObject();
            node.put("id", plugin.id());
            node.put("version", plugin.version());
            node.put("state", plugin.state());
            node.put("path", plugin.path());
            node.put("description", plugin.description());
            ArrayNode extensions = node.putArray("extensions");
            plugin.extensions().forEach(e -> extensions.addObject().put("kind", e.kind()).put("id", e.id()));
        }
        ArrayNode failed = answer.putArray("failed");
        for (PluginFailure failure : registry.failures()) {
            failed.addObject().put("path", failure.source()).put("reason", failure.reason());
        }
        return Response.ok(JsonEntity.of(json, answer)).build();
    }

    /** The gateway's and the SPI's versions. */
    @GET
    @Path("version")
    public Response version() {
        ObjectNode answer = json.createObjectNode();
        answer.put("version", OdockVersion.current());
        answer.put("spi_version", OdockVersion.spi());
        return Response.ok(JsonEntity.of(json, answer)).build();
    }
}
