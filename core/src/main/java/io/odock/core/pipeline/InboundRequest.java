package io.odock.core.pipeline;

import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as the pipeline needs it, independent of Jersey's types.
 *
 * @param requestId     the request's id (the client's {@code x-request-id} or a new one)
 * @param clientIp      the caller's address
 * @param headers       request headers, lower-case names, first value each
 * @param query         query parameters, first value each
 * @param body          the body stream
 * @param contentLength the declared length, or -1
 * @param pathParameters values the route read from its path ({@code model} and {@code action} on Gemini routes)
 * @param clientGone    true once the client has hung up (the request's thread is then interrupted)
 */
public record InboundRequest(String requestId, String clientIp, Map<String, String> headers,
                             Map<String, String> query, InputStream body, long contentLength,
                             Map<String, String> pathParameters, java.util.function.BooleanSupplier clientGone) {

    /** Makes the maps immutable. */
    public InboundRequest {
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
        pathParameters = Map.copyOf(pathParameters);
        java.util.Objects.requireNonNull(clientGone, "clientGone");
    }

    /** A request whose client is not watched. */
    public InboundRequest(String requestId, String clientIp, Map<String, String> headers, Map<String, String> query,
                          InputStream body, long contentLength, Map<String, String> pathParameters) {
        this(requestId, clientIp, headers, query, body, contentLength, pathParameters, () -> false);
    }

    /** A request without path parameters. */
    public InboundRequest(String requestId, String clientIp, Map<String, String> headers, Map<String, String> query,
                          InputStream body, long contentLength) {
        this(requestId, clientIp, headers, query, body, contentLength, Map.of());
    }

    /** A header by lower-case name. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }
}
