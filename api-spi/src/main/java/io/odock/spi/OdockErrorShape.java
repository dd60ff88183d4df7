package io.odock.spi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * Odock's own error shape, {@code {"error":{"code","message","request_id", ...details}}}: what the gateway's own routes
 * (the unified endpoint, the admin API, health) answer, and what a plugin writing for those clients uses, so the shape
 * is written in one place.
 */
public final class OdockErrorShape {
    private OdockErrorShape() {
    }

    /**
     * The error body.
     *
     * @param error     the error; its message is client-safe
     * @param requestId the request's id
     * @param json      the mapper to build with (the host's)
     */
    public static ObjectNode body(GatewayException error, String requestId, ObjectMapper json) {
        ObjectNode root = json.createObjectNode();
        ObjectNode body = root.putObject("error");
        body.put("code", error.code());
        body.put("message", error.getMessage());
        body.put("request_id", requestId);
        for (Map.Entry<String, Object> detail : error.details().entrySet()) {
            body.set(detail.getKey(), json.valueToTree(detail.getValue()));
        }
        return root;
    }
}
