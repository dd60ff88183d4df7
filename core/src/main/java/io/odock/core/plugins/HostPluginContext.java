package io.odock.core.plugins;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.plugin.PluginContext;

import java.net.http.HttpClient;
import java.time.Duration;

/** What the host lends each extension: the pooled upstream HTTP clients and the shared JSON mapper. */
record HostPluginContext(UpstreamClients clients, ObjectMapper objectMapper, String pluginId) implements PluginContext {

    @Override
    public HttpClient httpClient() {
        return clients.shared();
    }

    @Override
    public HttpClient httpClient(Duration connectTimeout) {
        return clients.forConnectTimeout(connectTimeout);
    }
}
