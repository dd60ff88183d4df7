package io.odock.spi.plugin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.provider.UpstreamClient;

/**
 * What the host lends every extension it creates. Shared resources come from here rather than being built by each
 * plugin, so that connection pools and JSON settings are the same everywhere.
 */
public interface PluginContext {

    /**
     * The host's client for upstream calls: pooled kept-alive connections, the target's timeouts, cancellation when
     * the gateway's client goes away. Provider adapters send every upstream call through it.
     */
    UpstreamClient upstreamClient();

    /** The host's JSON mapper. It is configured and shared; do not reconfigure it. */
    ObjectMapper objectMapper();

    /** The id of the plugin the extension came from. */
    String pluginId();
}
