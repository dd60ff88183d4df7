package io.odock.core.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.core.http.JsonEntity;
import io.odock.core.plugins.ExtensionRegistry;
import io.odock.core.plugins.LoadedPlugin;
import io.odock.core.plugins.PluginFailure;
import io.odock.core.server.OdockVersion;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /admin/v1/plugins} and {@code /admin/v1/version}: what this gateway is running. */
@AdminApi
@Path("/admin/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminSystemResource {
    private final ExtensionRegistry registry;
    private final ObjectMapper json;

    /** Reports on this registry. */
    public AdminSystemResource(ExtensionRegistry registry, ObjectMapper json) {
        this.registry = registry;
        this.json = json;
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
