package io.odock.core.http;

import io.odock.core.pipeline.ClientConnection;
import io.odock.core.pipeline.InboundRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;

import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Copies what the pipeline needs out of Jersey's request, so the pipeline never sees Jersey's types. What the
 * connection tells (the client's address, the disconnect watch) arrives as request properties set by
 * {@link JerseyHandler}. Routes get the result as a {@code @Context InboundRequest} parameter
 * ({@link InboundRequestParameters}).
 */
final class InboundRequests {
    private InboundRequests() {
    }

    /** The pipeline's view of a request whose body is {@code body}. */
    static InboundRequest from(ContainerRequestContext request, InputStream body) {
        return new InboundRequest(RequestIds.of(request), clientAddress(request),
                firstValues(request.getHeaders(), true), firstValues(request.getUriInfo().getQueryParameters(), false),
                body, request.getLength(), firstValues(request.getUriInfo().getPathParameters(), false),
                request.getProperty(ClientDisconnectWatch.PROPERTY) instanceof ClientConnection connection
                        ? connection : ClientConnection.UNWATCHED);
    }

    /** Set by {@link JerseyHandler} on every request that reaches Jersey. */
    private static String clientAddress(ContainerRequestContext request) {
        Object client = request.getProperty(ClientAddresses.PROPERTY);
        if (client == null) {
            throw new IllegalStateException("JerseyHandler did not set the client address of this request");
        }
        return client.toString();
    }

    /**
     * The first value of each name, as an immutable map built once: {@link InboundRequest} keeps an immutable map as
     * it is, where it would copy a mutable one. Names are unique: Jersey keeps headers by case-insensitive name (and
     * header names are ASCII tokens, so lower-casing them keeps them apart), query and path parameters by name.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, String> firstValues(MultivaluedMap<String, String> values, boolean lowerCaseNames) {
        Map.Entry<String, String>[] first = new Map.Entry[values.size()];
        int count = 0;
        for (Map.Entry<String, List<String>> entry : values.entrySet()) {
            if (!entry.getValue().isEmpty() && entry.getValue().getFirst() != null) {
                first[count++] = Map.entry(lowerCaseNames ? entry.getKey().toLowerCase(Locale.ROOT) : entry.getKey(),
                        entry.getValue().getFirst());
            }
        }
        return Map.ofEntries(count == first.length ? first : Arrays.copyOf(first, count));
    }
}
