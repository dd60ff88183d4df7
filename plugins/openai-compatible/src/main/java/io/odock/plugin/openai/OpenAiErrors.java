package io.odock.plugin.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.GatewayException;

import java.util.Map;

/**
 * OpenAI's error object, {@code {"error":{"message","type","param","code"}}}, with the gateway's stable code as
 * {@code code} and the error type OpenAI uses for the status.
 */
final class OpenAiErrors {
    private final ObjectMapper json;

    OpenAiErrors(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode body(GatewayException error) {
        ObjectNode root = json.createObjectNode();
        ObjectNode body = root.putObject("error");
        body.put("message", error.getMessage());
        body.put("type", type(error.status()));
        Object param = error.details().get("param");
        if (param == null) {
            body.putNull("param");
        } else {
            body.put("param", param.toString());
        }
        body.put("code", error.code());
        for (Map.Entry<String, Object> detail : error.details().entrySet()) {
            if (!detail.getKey().equals("param")) {
                body.set(detail.getKey(), json.valueToTree(detail.getValue()));
            }
        }
        return root;
    }

    static String type(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }
}
