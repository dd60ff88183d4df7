package io.odock.core.plugins;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.plugin.PluginContext;

import java.net.http.HttpClient;

/** What the host lends each extension: the shared HTTP client and JSON mapper. */
record HostPluginContext(HttpClient httpClient, ObjectMapper objectMapper, String pluginId) implements PluginContext {
}
