package io.odock.plugin.blocker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.RequestInfo;
import io.odock.spi.plugin.PluginConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/** Test helpers: blockers built from YAML sections as an operator writes them, and requests to check. */
final class Rules {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Rules() {
    }

    /** The plugin's section, parsed from YAML. */
    static PluginConfig section(String yaml) {
        try {
            return PluginConfig.of((ObjectNode) YAML.readTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A blocker from a YAML section, at a fixed instant. */
    static RulesBlocker blocker(String yaml, String instant) {
        return RulesBlockerFactory.blocker(section(yaml), Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
    }

    static GatewayRequest request(String model) {
        return request(model, Map.of());
    }

    static GatewayRequest request(String model, Map<String, String> metadata) {
        return GatewayRequest.builder().model(model).metadata(metadata).build();
    }

    /** A caller of key {@code key_1} with no organisation, team or user. */
    static RequestInfo caller(Map<String, String> headers) {
        return new RequestInfo("req_1", "key_1", "test", "/v1/chat/completions", "openai", "127.0.0.1",
                Optional.empty(), Optional.empty(), Optional.empty(), headers);
    }

    static RequestInfo caller() {
        return caller(Map.of());
    }

    /** A caller in the given team. */
    static RequestInfo teamMember(String team) {
        return new RequestInfo("req_1", "key_1", "test", "/v1/chat/completions", "openai", "127.0.0.1",
                Optional.of("acme"), Optional.of(team), Optional.of("ada"), Map.of());
    }
}
