package io.odock.spi.model;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling and through which route, for plugins that decide per caller (blockers, SafetySec).
 *
 * @param requestId the request's id, also sent to the client in {@code x-request-id}
 * @param keyId     the id of the caller's Odock API key (never the key itself)
 * @param keyName   the key's name as the operator gave it
 * @param route     the HTTP route, such as {@code /v1/chat/completions}
 * @param dialect   the route's dialect, such as {@code openai}
 * @param clientIp  the caller's address as the gateway saw it
 * @param organization the organisation the key belongs to, if any
 * @param team         the team the key belongs to, if any
 * @param user         the user the key belongs to, if any
 * @param headers      the request's headers (lower-case names, first value each) without any credential: no
 *                     {@code authorization}, {@code x-api-key}, {@code x-goog-api-key} or
 *                     {@code x-odock-upstream-key}
 */
public record RequestInfo(String requestId, String keyId, String keyName, String route, String dialect,
                          String clientIp, Optional<String> organization, Optional<String> team, Optional<String> user,
                          Map<String, String> headers) {

    /** Validates the components. */
    public RequestInfo {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(keyName, "keyName");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(clientIp, "clientIp");
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(user, "user");
        headers = Map.copyOf(headers);
    }

    /**
     * A caller without organisation, team, user or headers (tests, and plugins written before they existed).
     *
     * @param requestId the request's id
     * @param keyId     the key's id
     * @param keyName   the key's name
     * @param route     the HTTP route
     * @param dialect   the route's dialect
     * @param clientIp  the caller's address
     */
    public RequestInfo(String requestId, String keyId, String keyName, String route, String dialect,
                       String clientIp) {
        this(requestId, keyId, keyName, route, dialect, clientIp, Optional.empty(), Optional.empty(),
                Optional.empty(), Map.of());
    }

    /** A request header by lower-case name. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }
}
