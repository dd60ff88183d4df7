package io.odock.spi.model;

import java.util.Objects;

/**
 * Who is calling and through which route, for plugins that decide per caller (blockers, SafetySec).
 *
 * @param requestId the request's id, also sent to the client in {@code x-request-id}
 * @param keyId     the id of the caller's Odock API key (never the key itself)
 * @param keyName   the key's name as the operator gave it
 * @param route     the HTTP route, such as {@code /v1/chat/completions}
 * @param dialect   the route's dialect, such as {@code openai}
 * @param clientIp  the caller's address as the gateway saw it
 */
public record RequestInfo(String requestId, String keyId, String keyName, String route, String dialect,
                          String clientIp) {

    /** Validates the components. */
    public RequestInfo {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(keyName, "keyName");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(clientIp, "clientIp");
    }
}
