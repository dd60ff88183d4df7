package io.odock.core.pipeline;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginHeadersTest {
    @Test
    void pluginsSeeEveryHeaderButTheCredentials() {
        Map<String, String> request = Map.of("authorization", "Bearer odk-secret", "x-api-key", "odk-secret",
                "x-goog-api-key", "odk-secret", "x-odock-upstream-key", "sk-secret", "proxy-authorization", "Basic x",
                "cookie", "session=1", "content-type", "application/json", "x-request-id", "trace-1");

        Map<String, String> visible = PluginHeaders.of(request);

        assertThat(visible).containsOnly(Map.entry("content-type", "application/json"),
                Map.entry("x-request-id", "trace-1"));
        assertThatThrownBy(() -> visible.put("authorization", "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(PluginHeaders.of(Map.of())).isEmpty();
    }
}
