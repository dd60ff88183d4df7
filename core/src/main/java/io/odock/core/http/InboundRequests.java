package io.odock.core.http;

import io.odock.core.pipeline.ClientConnection;
import io.odock.core.pipeline.InboundRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;

import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Copies what the pipeline needs out of Jersey's request, so the pipeline never sees Jersey's types. What the servlet
 * filters found (the client's address, the connection watch) arrives as request properties: Jersey's servlet container
 * shows the servlet request's attributes as properties. Routes therefore ask Jersey for the request context only; an
 * injected {@code HttpServletRequest} cost a per-request HK2 factory call (about 4% of the gateway's CPU in profiles).
 */
public final class InboundRequests {
    private InboundRequests() {
    }

    /** The pipeline's view of a request whose body is {@code body}. */
    public static InboundRequest from(ContainerRequestContext request, InputStream body) {
        return new InboundRequest(RequestIdFilter.of(request), clientAddress(request),
                firstValues(request.getHeaders(), true), firstValues(request.getUriInfo().getQueryParameters(), false),
                body, request.getLength(), firstValues(request.getUriInfo().getPathParameters(), false),
                request.getProperty(ClientDisconnectWatch.ATTRIBUTE) instanceof ClientConnection connection
                        ? connection : ClientConnection.UNWATCHED);
    }

    /** Set by {@link ClientAddressFilter} on every request that reaches Jersey. */
    private static String clientAddress(ContainerRequestContext request) {
        Object client = request.getProperty(ClientAddressFilter.PROPERTY);
        if (client == null) {
            throw new IllegalStateException("ClientAddressFilter did not run for this request");
        }
        return client.toString();
    }

    private static Map<String, String> firstValues(MultivaluedMap<String, String> values, boolean lowerCaseNames) {
        Map<String, String> first = new HashMap<>(values.size() * 2);
        for (Map.Entry<String, List<String>> entry : values.entrySet()) {
            if (!entry.getValue().isEmpty() && entry.getValue().getFirst() != null) {
                first.put(lowerCaseNames ? entry.getKey().toLowerCase(Locale.ROOT) : entry.getKey(),
                        entry.getValue().getFirst());
            }
        }
        return first;
    }
}
