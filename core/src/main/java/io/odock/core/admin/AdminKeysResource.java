package io.odock.core.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.core.http.JsonBodyReader;
import io.odock.core.http.JsonEntity;
import io.odock.core.keys.ApiKey;
import io.odock.core.keys.KeyService;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /admin/v1/keys}: create, list and revoke Odock API keys. A key's secret appears in exactly one response, the
 * one that creates it.
 */
@AdminApi
@Path("/admin/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminKeysResource {
    private final KeyService keys;
    private final JsonBodyReader bodyReader;
    private final ObjectMapper json;

    /** Manages keys through this service. */
    public AdminKeysResource(KeyService keys, JsonBodyReader bodyReader, ObjectMapper json) {
        this.keys = keys;
        this.bodyReader = bodyReader;
        this.json = json;
    }

    /** {@code POST /admin/v1/keys} with {@code {"name": ..., "models": [...], "allow_byok": false}}. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(InputStream body, @Context HttpHeaders headers) {
        ObjectNode request = bodyReader.read(body, headers.getLength());
        JsonNode name = request.get("name");
        if (name == null || !name.isTextual()) {
            throw GatewayException.invalidRequest("'name' is required and must be a string").withDetail("param", "name");
        }
        List<String> models = new ArrayList<>();
        JsonNode list = request.get("models");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw GatewayException.invalidRequest("'models' must be an array of model names")
                        .withDetail("param", "models");
            }
            for (JsonNode model : list) {
                if (!model.isTextual()) {
                    throw GatewayException.invalidRequest("'models' must be an array of model names")
                            .withDetail("param", "models");
                }
                models.add(model.asText());
            }
        }
        JsonNode byok = request.get("allow_byok");
        if (byok != null && !byok.isNull() && !byok.isBoolean()) {
            throw GatewayException.invalidRequest("'allow_byok' must be true or false").withDetail("param", "allow_byok");
        }
        KeyService.CreatedKey created;
        try {
            created = keys.create(name.asText(), models, byok != null && byok.asBoolean(false));
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalidRequest(e.getMessage());
        }
        ObjectNode answer = describe(created.key());
        answer.put("key", created.secret());
        return Response.status(201).entity(JsonEntity.of(json, answer)).build();
    }

    /** {@code GET /admin/v1/keys}: every key, newest first, never a secret. */
    @GET
    public Response list() {
        ObjectNode answer = json.createObjectNode();
        ArrayNode data = answer.putArray("data");
        keys.list().forEach(key -> data.add(describe(key)));
        return Response.ok(JsonEntity.of(json, answer)).build();
    }

    /** {@code POST /admin/v1/keys/{id}/revoke}: takes effect on the next request. */
    @POST
    @Path("{id}/revoke")
    public Response revoke(@PathParam("id") String id) {
        ApiKey revoked = keys.revoke(id).orElseThrow(() -> new GatewayException(404, ErrorCodes.NOT_FOUND,
                "No API key with id '" + id + "'"));
        return Response.ok(JsonEntity.of(json, describe(revoked))).build();
    }

    /** {@code DELETE /admin/v1/keys/{id}}: the same as revoking (history and usage stay). */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        return revoke(id);
    }

    private ObjectNode describe(ApiKey key) {
        ObjectNode node = json.createObjectNode();
        node.put("id", key.id());
        node.put("name", key.name());
        node.put("prefix", key.prefix());
        ArrayNode models = node.putArray("models");
        key.models().forEach(models::add);
        node.put("allow_byok", key.allowByok());
        node.put("state", key.state().name().toLowerCase(java.util.Locale.ROOT));
        node.put("created_at", key.createdAt().toString());
        node.put("last_used_at", key.lastUsedAt().map(Object::toString).orElse(null));
        node.put("revoked_at", key.revokedAt().map(Object::toString).orElse(null));
        return node;
    }
}
