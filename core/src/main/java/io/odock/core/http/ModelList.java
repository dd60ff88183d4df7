package io.odock.core.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.core.auth.CallerAuthenticator;
import io.odock.core.auth.CredentialSources;
import io.odock.core.keys.ApiKey;
import io.odock.core.pipeline.InboundRequest;
import io.odock.core.routing.LiveRouter;
import io.odock.core.routing.RouteRequirement;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/**
 * OpenAI's model list and model object for the models a key may use on a route: only models the route can serve and
 * the key is allowed, so a client never sees a model it would be refused.
 */
final class ModelList {
    private final LiveRouter routing;
    private final CallerAuthenticator authenticator;
    private final ObjectMapper json;
    private final long created;

    /**
     * @param created when the gateway started, in epoch seconds: the models' {@code created} (the configuration has
     *                no better date)
     */
    ModelList(LiveRouter routing, CallerAuthenticator authenticator, ObjectMapper json, long created) {
        this.routing = routing;
        this.authenticator = authenticator;
        this.json = json;
        this.created = created;
    }

    /** The list answer for the caller of this request (Bearer key), as a response. */
    Response listResponse(InboundRequest request, RouteRequirement route) {
        return Response.ok(JsonEntity.of(json, list(caller(request), route)), MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** One model for the caller of this request, as a response; 404 when unknown or not for its key. */
    Response retrieveResponse(InboundRequest request, RouteRequirement route,
                              String model) {
        return Response.ok(JsonEntity.of(json, retrieve(caller(request), route, model)),
                MediaType.APPLICATION_JSON_TYPE).build();
    }

    private ApiKey caller(InboundRequest request) {
        return authenticator.authenticate(request, CredentialSources.BEARER);
    }

    ObjectNode list(ApiKey key, RouteRequirement route) {
        ObjectNode list = json.createObjectNode();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        routing.current().servableModels(route).forEach((model, owner) -> {
            if (key.allowsModel(model)) {
                data.add(model(model, owner));
            }
        });
        return list;
    }

    ObjectNode retrieve(ApiKey key, RouteRequirement route, String model) {
        Map<String, String> servable = routing.current().servableModels(route);
        if (!servable.containsKey(model) || !key.allowsModel(model)) {
            throw new GatewayException(404, ErrorCodes.MODEL_NOT_FOUND,
                    "The model '" + model + "' does not exist or this API key may not use it")
                    .withDetail("param", "model");
        }
        return model(model, servable.get(model));
    }

    private ObjectNode model(String id, String owner) {
        return json.createObjectNode().put("id", id).put("object", "model").put("created", created)
                .put("owned_by", owner);
    }
}
