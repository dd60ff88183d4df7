package io.odock.plugin.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.GatewayException;

/**
 * Anthropic's error shape, {@code {"type":"error","error":{"type","message"},"request_id"}}, with the error type
 * Anthropic uses for each status; the gateway's stable code rides along as {@code error.code}.
 */
final class AnthropicErrors {
    private final ObjectMapper json;

    AnthropicErrors(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode body(GatewayException error, String requestId) {
        ObjectNode root = json.createObjectNode();
        root.put("type", "error");
        ObjectNode body = root.putObject("error");
        body.put("type", type(error.status()));
        body.put("message", error.getMessage());
        body.put("code", error.code());
        error.details().forEach((name, value) -> body.set(name, json.valueToTree(value)));
        root.put("request_id", requestId);
        return root;
    }

    /** Anthropic's error type for an HTTP status. */
    static String type(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            case 504 -> "timeout_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }
}
