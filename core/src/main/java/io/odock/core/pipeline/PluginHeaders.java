package io.odock.core.pipeline;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/** The request headers plugins may read: all but the credentials (the caller's and any upstream key it brought). */
final class PluginHeaders {
    private static final Set<String> CREDENTIALS = Set.of("authorization", "x-api-key", "x-goog-api-key",
            "x-odock-upstream-key", "proxy-authorization", "cookie");

    private PluginHeaders() {
    }

    /**
     * The visible headers as an immutable map built once ({@code RequestInfo} keeps it as it is); copying them all and
     * then removing the credentials showed in profiles of the request path.
     */
    @SuppressWarnings("unchecked")
    static Map<String, String> of(Map<String, String> headers) {
        Map.Entry<String, String>[] visible = new Map.Entry[headers.size()];
        int count = 0;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (!CREDENTIALS.contains(header.getKey())) {
                visible[count++] = header;
            }
        }
        return Map.ofEntries(count == visible.length ? visible : Arrays.copyOf(visible, count));
    }
}
