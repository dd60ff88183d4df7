package io.odock.plugin.safetysec;

import io.odock.spi.model.ChatMessage;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.RequestInfo;
import io.odock.spi.plugin.PluginConfig;
import io.odock.spi.plugin.Verdict;
import io.odock.spi.safety.SafetyFilter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InactiveWithoutSectionTest {
    private static final GatewayRequest SECRET = GatewayRequest.builder().model("m")
            .addMessage(ChatMessage.of("user", "key AKIAIOSFODNN7EXAMPLE")).build();
    private static final RequestInfo INFO = new RequestInfo("r", "k", "k", "/v1/chat/completions", "openai", "ip");

    @Test
    void withoutASectionNothingIsInspectedOrChanged() {
        SafetyFilter filter = new SafetySecFilterFactory().create(PluginConfig.empty(), (io.odock.spi.plugin.PluginContext) null);
        assertThat(filter.inspectRequest(SECRET, INFO)).isEqualTo(Verdict.allow());
        assertThat(filter.inspectsStreams()).isFalse();
    }

    @Test
    void anySettingTurnsItOn() {
        SafetyFilter filter = new SafetySecFilterFactory().create(PluginConfig.of(
                new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("streamWindow", 64)), (io.odock.spi.plugin.PluginContext) null);
        assertThat(filter.inspectRequest(SECRET, INFO)).isInstanceOf(Verdict.Block.class);
        assertThat(filter.inspectsStreams()).isTrue();
    }
}
