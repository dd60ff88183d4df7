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
 * @param client        the caller's connection, watched for a hang-up once the body is read
 */
public record InboundRequest(String requestId, String clientIp, Map<String, String> headers,
                             Map<String, String> query, InputStream body, long contentLength,
                             Map<String, String> pathParameters, ClientConnection client) {

    /** Makes the maps immutable. */
    public InboundRequest {
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
        pathParameters = Map.copyOf(pathParameters);
        java.util.Objects.requireNonNull(client, "client");
    }

    /** A request whose client is not watched. */
    public InboundRequest(String requestId, String clientIp, Map<String, String> headers, Map<String, String> query,
                          InputStream body, long contentLength, Map<String, String> pathParameters) {
        this(requestId, clientIp, headers, query, body, contentLength, pathParameters, ClientConnection.UNWATCHED);
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
