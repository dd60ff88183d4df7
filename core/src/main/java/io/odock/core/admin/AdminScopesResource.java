package io.odock.core.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.core.budget.BudgetBook;
import io.odock.core.budget.BudgetLedger;
import io.odock.core.budget.BudgetStatus;
import io.odock.core.governance.LimitBook;
import io.odock.core.http.JsonBodyReader;
import io.odock.core.http.JsonEntity;
import io.odock.core.keys.Scope;
import io.odock.core.keys.ScopeKind;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.InputStream;

/**
 * {@code /admin/v1/scopes/{kind}/{id}}: the limits, quotas and budget of an organisation, a team, a user or a key
 * ({@code kind} is {@code organization}, {@code team}, {@code user} or {@code api_key}). A scope needs no creation:
 * keys name their organisation, team and user, and whatever is set here applies to every key that names it.
 */
@AdminApi
@Path("/admin/v1/scopes/{kind}/{id}")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminScopesResource {
    private final LimitBook limits;
    private final BudgetBook budgets;
    private final BudgetLedger ledger;
    private final String currency;
    private final JsonBodyReader bodyReader;
    private final ObjectMapper json;

    /** Manages scopes through these books. */
    public AdminScopesResource(LimitBook limits, BudgetBook budgets, BudgetLedger ledger, String currency,
                               JsonBodyReader bodyReader, ObjectMapper json) {
        this.limits = limits;
        this.budgets = budgets;
        this.ledger = ledger;
        this.currency = currency;
        this.bodyReader = bodyReader;
        this.json = json;
    }

    /** The scope's limits and budget, with the budget's spend in its current period. */
    @GET
    public Response get(@PathParam("kind") String kind, @PathParam("id") String id) {
        return Response.ok(JsonEntity.of(json, describe(scope(kind, id)))).build();
    }

    /**
     * Sets what the body names: {@code "limits"} (replaces the scope's limits; {@code null} removes them) and
     * {@code "budget"} (replaces its budget, keeping the spend of the current period; {@code null} removes it).
     */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("kind") String kind, @PathParam("id") String id, InputStream body,
                        @Context HttpHeaders headers) {
        Scope scope = scope(kind, id);
        ObjectNode request = bodyReader.read(body, headers.getLength());
        if (!request.has("limits") && !request.has("budget")) {
            throw GatewayException.invalidRequest("Send 'limits' and/or 'budget' (null removes one)");
        }
        apply(scope, request, limits, budgets, currency);
        return Response.ok(JsonEntity.of(json, describe(scope))).build();
    }

    /** Removes the scope's limits and budget (its spending history stays). */
    @DELETE
    public Response delete(@PathParam("kind") String kind, @PathParam("id") String id) {
        Scope scope = scope(kind, id);
        limits.delete(scope);
        budgets.delete(scope);
        return Response.ok(JsonEntity.of(json, describe(scope))).build();
    }

    /** Applies {@code limits} and {@code budget} fields of a request to a scope (shared with the keys resource). */
    static void apply(Scope scope, JsonNode request, LimitBook limits, BudgetBook budgets, String currency) {
        if (request.has("limits")) {
            JsonNode given = request.get("limits");
            if (given == null || given.isNull()) {
                limits.delete(scope);
            } else {
                limits.put(scope, GovernanceJson.limits(given, "limits"));
            }
        }
        if (request.has("budget")) {
            JsonNode given = request.get("budget");
            if (given == null || given.isNull()) {
                budgets.delete(scope);
            } else {
                budgets.put(GovernanceJson.budget(scope, given, currency));
            }
        }
    }

    /** {@code {"scope": ..., "id": ..., "limits": ..., "budget": ...}}. */
    ObjectNode describe(Scope scope) {
        return describe(scope, limits, budgets, ledger, json);
    }

    static ObjectNode describe(Scope scope, LimitBook limits, BudgetBook budgets, BudgetLedger ledger,
                               ObjectMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("scope", scope.kind().wireName());
        node.put("id", scope.id());
        node.set("limits", limits.find(scope).<JsonNode>map(set -> set.toJson()).orElse(json.nullNode()));
        node.set("budget", budgets.find(scope).<JsonNode>map(budget -> GovernanceJson.describe(budget,
                status(ledger, budget))).orElse(json.nullNode()));
        return node;
    }

    private static BudgetStatus status(BudgetLedger ledger, io.odock.core.budget.Budget budget) {
        try {
            return ledger.status(budget);
        } catch (io.odock.core.budget.BudgetUnavailableException e) {
            throw new GatewayException(503, ErrorCodes.DATABASE_UNAVAILABLE,
                    "The budget ledger (the database) is unavailable; try again shortly");
        }
    }

    private static Scope scope(String kind, String id) {
        ScopeKind scopeKind = ScopeKind.fromWireName(kind).orElseThrow(() -> new GatewayException(404,
                ErrorCodes.NOT_FOUND, "'" + kind + "' is not a scope (organization, team, user, api_key)"));
        if (id.isBlank() || id.length() > 100) {
            throw GatewayException.invalidRequest("A scope id is 1 to 100 characters");
        }
        return new Scope(scopeKind, id);
    }
}
