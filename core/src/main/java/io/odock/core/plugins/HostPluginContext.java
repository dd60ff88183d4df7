package io.odock.core.plugins;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.plugin.PluginContext;
import io.odock.spi.provider.UpstreamClient;

/** What the host lends each extension: the pooled upstream HTTP client and the shared JSON mapper. */
record HostPluginContext(UpstreamClient upstreamClient, ObjectMapper objectMapper, String pluginId)
        implements PluginContext {
}
