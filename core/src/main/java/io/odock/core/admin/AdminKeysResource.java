package io.odock.core.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.core.budget.BudgetBook;
import io.odock.core.budget.BudgetLedger;
import io.odock.core.governance.LimitBook;
import io.odock.core.http.JsonBodyReader;
import io.odock.core.http.JsonEntity;
import io.odock.core.keys.ApiKey;
import io.odock.core.keys.KeyOwner;
import io.odock.core.keys.KeyPolicy;
import io.odock.core.keys.KeyPolicyJson;
import io.odock.core.keys.KeyService;
import io.odock.core.keys.KeySpec;
import io.odock.core.keys.Scope;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code /admin/v1/keys}: create, read, update, rotate, revoke and restore Odock API keys, with their access rules,
 * policy, limits and budget. A key's secret appears only in the response that creates or rotates it.
 */
@AdminApi
@Path("/admin/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminKeysResource {
    private final KeyService keys;
    private final LimitBook limits;
    private final BudgetBook budgets;
    private final BudgetLedger ledger;
    private final String currency;
    private final JsonBodyReader bodyReader;
    private final ObjectMapper json;

    /** Manages keys through this service, and their limits and budgets through these books. */
    public AdminKeysResource(KeyService keys, LimitBook limits, BudgetBook budgets, BudgetLedger ledger,
                             String currency, JsonBodyReader bodyReader, ObjectMapper json) {
        this.keys = keys;
        this.limits = limits;
        this.budgets = budgets;
        this.ledger = ledger;
        this.currency = currency;
        this.bodyReader = bodyReader;
        this.json = json;
    }

    /**
     * {@code POST /admin/v1/keys} with {@code name} and optionally {@code models}, {@code mcp_servers},
     * {@code allow_byok}, {@code organization}, {@code team}, {@code user}, {@code expires_at}, the policy fields
     * ({@code ip_allow}, {@code ip_deny}, {@code max_tokens}, {@code max_request_bytes},
     * {@code max_concurrent_requests}), {@code limits} and {@code budget}.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(InputStream body, @Context HttpHeaders headers) {
        ObjectNode request = bodyReader.read(body, headers.getLength());
        JsonNode name = request.get("name");
        if (name == null || !name.isTextual()) {
            throw GatewayException.invalidRequest("'name' is required and must be a string").withDetail("param", "name");
        }
        KeySpec spec = spec(request, KeySpec.named(name.asText(), List.of()));
        // Limits and budget are checked before the key exists, so a bad one creates nothing.
        validateGovernance(request);
        // Limits and budget are stored before the key, so that no instance ever accepts the key without them.
        KeyService.CreatedKey created = keys.create(spec,
                id -> AdminScopesResource.apply(Scope.apiKey(id), request, limits, budgets, currency));
        ObjectNode answer = describe(created.key(), true);
        answer.put("key", created.secret());
        return Response.status(201).entity(JsonEntity.of(json, answer)).build();
    }

    /** {@code GET /admin/v1/keys}: every key, newest first, never a secret. */
    @GET
    public Response list() {
        ObjectNode answer = json.createObjectNode();
        ArrayNode data = answer.putArray("data");
        keys.list().forEach(key -> data.add(describe(key, false)));
        return Response.ok(JsonEntity.of(json, answer)).build();
    }

    /** {@code GET /admin/v1/keys/{id}}: one key with its limits, and its budget's spend in the current period. */
    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        return Response.ok(JsonEntity.of(json, describe(existing(id), true))).build();
    }

    /** {@code PATCH /admin/v1/keys/{id}}: changes the fields the body names; the rest stays. */
    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("id") String id, InputStream body, @Context HttpHeaders headers) {
        ApiKey current = existing(id);
        ObjectNode request = bodyReader.read(body, headers.getLength());
        JsonNode name = request.get("name");
        if (name != null && !name.isTextual()) {
            throw GatewayException.invalidRequest("'name' must be a string").withDetail("param", "name");
        }
        KeySpec base = new KeySpec(name == null ? current.name() : name.asText(), current.owner(), current.models(),
                current.mcpServers(), current.allowByok(), current.policy(), current.expiresAt());
        KeySpec spec = spec(request, base);
        validateGovernance(request);
        // Governance first, then the key row whose change makes other instances refresh both (see KeyService).
        AdminScopesResource.apply(Scope.apiKey(id), request, limits, budgets, currency);
        ApiKey updated = keys.update(id, spec).orElseThrow(() -> notFound(id));
        return Response.ok(JsonEntity.of(json, describe(updated, true))).build();
    }

    /** {@code POST /admin/v1/keys/{id}/rotate}: a new secret for the same key; the old one stops working. */
    @POST
    @Path("{id}/rotate")
    public Response rotate(@PathParam("id") String id) {
        KeyService.CreatedKey rotated = keys.rotate(id).orElseThrow(() -> notFound(id));
        ObjectNode answer = describe(rotated.key(), false);
        answer.put("key", rotated.secret());
        return Response.ok(JsonEntity.of(json, answer)).build();
    }

    /** {@code POST /admin/v1/keys/{id}/revoke}: takes effect on the next request. */
    @POST
    @Path("{id}/revoke")
    public Response revoke(@PathParam("id") String id) {
        ApiKey revoked = keys.revoke(id).orElseThrow(() -> notFound(id));
        return Response.ok(JsonEntity.of(json, describe(revoked, false))).build();
    }

    /** {@code POST /admin/v1/keys/{id}/unrevoke}: the revoked key works again, with its secret and history. */
    @POST
    @Path("{id}/unrevoke")
    public Response unrevoke(@PathParam("id") String id) {
        ApiKey restored = keys.unrevoke(id).orElseThrow(() -> notFound(id));
        return Response.ok(JsonEntity.of(json, describe(restored, false))).build();
    }

    /** {@code DELETE /admin/v1/keys/{id}}: the same as revoking (history and usage stay). */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        return revoke(id);
    }

    private ApiKey existing(String id) {
        return keys.find(id).orElseThrow(() -> notFound(id));
    }

    private static GatewayException notFound(String id) {
        return new GatewayException(404, ErrorCodes.NOT_FOUND, "No API key with id '" + id + "'");
    }

    private void validateGovernance(JsonNode request) {
        if (request.hasNonNull("limits")) {
            GovernanceJson.limits(request.get("limits"), "limits");
        }
        if (request.hasNonNull("budget")) {
            GovernanceJson.budget(Scope.apiKey("key_validation"), request.get("budget"), currency);
        }
    }

    /** The request's key fields over a base spec. */
    private static KeySpec spec(JsonNode request, KeySpec base) {
        KeyOwner owner = new KeyOwner(
                text(request, "organization").orElse(base.owner().organization()),
                text(request, "team").orElse(base.owner().team()),
                text(request, "user").orElse(base.owner().user()));
        List<String> models = request.has("models") ? names(request.get("models"), "models") : base.models();
        List<String> mcp = request.has("mcp_servers") ? names(request.get("mcp_servers"), "mcp_servers")
                : base.mcpServers();
        boolean byok = base.allowByok();
        JsonNode allow = request.get("allow_byok");
        if (allow != null && !allow.isNull()) {
            if (!allow.isBoolean()) {
                throw GatewayException.invalidRequest("'allow_byok' must be true or false")
                        .withDetail("param", "allow_byok");
            }
            byok = allow.asBoolean();
        }
        KeyPolicy policy;
        try {
            policy = KeyPolicyJson.read(request, base.policy());
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalidRequest(e.getMessage());
        }
        Optional<Instant> expires = request.has("expires_at") ? expiry(request.get("expires_at")) : base.expiresAt();
        try {
            return new KeySpec(base.name(), owner, models, mcp, byok, policy, expires);
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalidRequest(e.getMessage());
        }
    }

    /** Absent: keep; {@code null} or {@code ""}: clear; text: set. */
    private static Optional<Optional<String>> text(JsonNode request, String field) {
        if (!request.has(field)) {
            return Optional.empty();
        }
        JsonNode value = request.get(field);
        if (value.isNull()) {
            return Optional.of(Optional.empty());
        }
        if (!value.isTextual() || value.asText().length() > 100) {
            throw GatewayException.invalidRequest("'" + field + "' must be an id of at most 100 characters")
                    .withDetail("param", field);
        }
        return Optional.of(Optional.of(value.asText()).map(String::strip).filter(v -> !v.isEmpty()));
    }

    private static List<String> names(JsonNode list, String field) {
        List<String> names = new ArrayList<>();
        if (list == null || list.isNull()) {
            return names;
        }
        if (!list.isArray()) {
            throw GatewayException.invalidRequest("'" + field + "' must be an array of names")
                    .withDetail("param", field);
        }
        for (JsonNode entry : list) {
            if (!entry.isTextual() || entry.asText().isBlank()) {
                throw GatewayException.invalidRequest("'" + field + "' must be an array of names")
                        .withDetail("param", field);
            }
            names.add(entry.asText());
        }
        return names;
    }

    /** An ISO instant ({@code 2026-12-31T23:00:00Z}) or a date ({@code 2026-12-31}: the end of that day, UTC). */
    static Optional<Instant> expiry(JsonNode value) {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        String text = value.asText("").strip();
        try {
            if (text.length() == 10) {
                return Optional.of(LocalDate.parse(text).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            return Optional.of(Instant.parse(text).truncatedTo(ChronoUnit.MILLIS));
        } catch (DateTimeParseException e) {
            throw GatewayException.invalidRequest("'expires_at' must be a date (2026-12-31) or an instant "
                    + "(2026-12-31T23:00:00Z)").withDetail("param", "expires_at");
        }
    }

    private ObjectNode describe(ApiKey key, boolean withGovernance) {
        ObjectNode node = json.createObjectNode();
        node.put("id", key.id());
        node.put("name", key.name());
        node.put("prefix", key.prefix());
        node.put("organization", key.owner().organization().orElse(null));
        node.put("team", key.owner().team().orElse(null));
        node.put("user", key.owner().user().orElse(null));
        ArrayNode models = node.putArray("models");
        key.models().forEach(models::add);
        ArrayNode mcp = node.putArray("mcp_servers");
        key.mcpServers().forEach(mcp::add);
        node.put("allow_byok", key.allowByok());
        KeyPolicyJson.write(key.policy(), node);
        node.put("state", key.state().name().toLowerCase(Locale.ROOT));
        node.put("created_at", key.createdAt().toString());
        node.put("expires_at", key.expiresAt().map(Object::toString).orElse(null));
        node.put("last_used_at", key.lastUsedAt().map(Object::toString).orElse(null));
        node.put("revoked_at", key.revokedAt().map(Object::toString).orElse(null));
        node.put("rotated_at", key.rotatedAt().map(Object::toString).orElse(null));
        if (withGovernance) {
            ObjectNode scope = AdminScopesResource.describe(Scope.apiKey(key.id()), limits, budgets, ledger, json);
            node.set("limits", scope.get("limits"));
            node.set("budget", scope.get("budget"));
        } else {
            node.set("limits", limits.find(Scope.apiKey(key.id())).<JsonNode>map(set -> set.toJson())
                    .orElse(json.nullNode()));
        }
        return node;
    }
}
