package io.odock.core.pipeline;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The request headers plugins may read: all but the credentials (the caller's and any upstream key it brought). */
final class PluginHeaders {
    private static final Set<String> CREDENTIALS = Set.of("authorization", "x-api-key", "x-goog-api-key",
            "x-odock-upstream-key", "proxy-authorization", "cookie");

    private PluginHeaders() {
    }

    static Map<String, String> of(Map<String, String> headers) {
        Map<String, String> visible = new HashMap<>(headers);
        visible.keySet().removeAll(CREDENTIALS);
        return visible;
    }
}
