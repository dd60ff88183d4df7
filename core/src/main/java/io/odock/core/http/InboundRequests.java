package io.odock.core.http;

import io.odock.core.pipeline.ClientConnection;
import io.odock.core.pipeline.InboundRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;

import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Copies what the pipeline needs out of Jersey's request, so the pipeline never sees Jersey's types. */
final class InboundRequests {
    private InboundRequests() {
    }

    static InboundRequest from(ContainerRequestContext request, HttpServletRequest servlet, InputStream body) {
        Object client = request.getProperty(ClientAddressFilter.PROPERTY);
        return new InboundRequest(RequestIdFilter.of(request), client == null ? servlet.getRemoteAddr() : client.toString(),
                firstValues(request.getHeaders(), true), firstValues(request.getUriInfo().getQueryParameters(), false),
                body, request.getLength(), firstValues(request.getUriInfo().getPathParameters(), false),
                servlet.getAttribute(ClientDisconnectWatch.ATTRIBUTE) instanceof ClientConnection connection
                        ? connection : ClientConnection.UNWATCHED);
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
