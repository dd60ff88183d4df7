package io.odock.spi.plugin;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.http.HttpClient;

/**
 * What the host lends every extension it creates. Shared resources come from here rather than being built by each
 * plugin, so that connection pools and JSON settings are the same everywhere.
 */
public interface PluginContext {

    /**
     * The host's HTTP client for upstream calls: one pool of kept-alive connections, virtual-thread friendly, with
     * the operator's connect timeout. Adapters should set a per-request timeout from
     * {@link io.odock.spi.model.UpstreamTarget#timeout()}.
     */
    HttpClient httpClient();

    /**
     * The host's HTTP client for upstreams with this connect timeout (the JDK sets connect timeouts per client, so the
     * host keeps one pooled client per distinct timeout). By default, the shared client.
     */
    default HttpClient httpClient(java.time.Duration connectTimeout) {
        return httpClient();
    }

    /** The host's JSON mapper. It is configured and shared; do not reconfigure it. */
    ObjectMapper objectMapper();

    /** The id of the plugin the extension came from. */
    String pluginId();
}
