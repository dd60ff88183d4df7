package io.odock.plugin.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.GatewayException;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.ToolCall;
import io.odock.spi.model.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Complete answers both ways, usage conventions, stop reasons and error types. */
class MessagesResponseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MessagesResponseWriter writer = new MessagesResponseWriter(JSON);
    private final GatewayRequest request = GatewayRequest.builder().dialect("anthropic").model("alias").build();

    @Test
    void readsAnAnthropicAnswerWithCacheBucketsInsideInputTokens() throws Exception {
        JsonNode answer = JSON.readTree("""
                {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"thinking","thinking":"...","signature":"s"},{"type":"text","text":"Hi "},
                   {"type":"text","text":"there"},{"type":"tool_use","id":"toolu_1","name":"f","input":{"x":1}}],
                 "stop_reason":"tool_use","stop_sequence":null,
                 "usage":{"input_tokens":10,"cache_creation_input_tokens":3,"cache_read_input_tokens":100,"output_tokens":8}}
                """);

        GatewayResponse response = AnthropicProviderAdapter.read(answer, Optional.of("req_up"));

        assertThat(response.content()).isEqualTo("Hi there");
        assertThat(response.toolCalls()).containsExactly(ToolCall.of("toolu_1", "f", "{\"x\":1}"));
        assertThat(response.stopReason()).isEqualTo("tool_calls");
        assertThat(response.usage().inputTokens()).isEqualTo(113);
        assertThat(response.usage().cacheReadTokens()).isEqualTo(100);
        assertThat(response.usage().cacheWriteTokens()).isEqualTo(3);
        assertThat(response.usage().outputTokens()).isEqualTo(8);
        assertThat(response.providerRequestId()).contains("req_up");
        assertThat(response.contentBlocks()).extracting(b -> b.type()).containsExactly("thinking", "text", "text");
    }

    @Test
    void writesAnotherProvidersAnswerAsAnAnthropicMessage() {
        GatewayResponse response = GatewayResponse.builder().provider("openai").model("gpt-4o")
                .content("Sure.").toolCalls(List.of(ToolCall.of("call_1", "f", "{\"x\":1}")))
                .stopReason("tool_calls").usage(Usage.of(120, 9, 100, 0, null)).build();

        JsonNode message = writer.write(request, response);

        assertThat(message.path("type").asText()).isEqualTo("message");
        assertThat(message.path("model").asText()).isEqualTo("alias");
        assertThat(message.path("content").get(0).path("text").asText()).isEqualTo("Sure.");
        assertThat(message.path("content").get(1).path("input").path("x").asInt()).isEqualTo(1);
        assertThat(message.path("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(message.path("usage").path("input_tokens").asInt()).isEqualTo(20);
        assertThat(message.path("usage").path("cache_read_input_tokens").asInt()).isEqualTo(100);
        assertThat(message.path("usage").path("output_tokens").asInt()).isEqualTo(9);
    }

    @Test
    void anAnthropicAnswerGoesBackAsItCameUnderTheClientsModel() throws Exception {
        JsonNode raw = JSON.readTree("{\"id\":\"msg_1\",\"model\":\"claude-sonnet-4-5\",\"content\":[],"
                + "\"container\":{\"id\":\"c\"}}");
        GatewayResponse response = GatewayResponse.builder().provider("anthropic").model("claude-sonnet-4-5")
                .rawResponse(Optional.of(raw)).build();

        JsonNode message = writer.write(request, response);

        assertThat(message.path("model").asText()).isEqualTo("alias");
        assertThat(message.path("container").path("id").asText()).isEqualTo("c");
    }

    @ParameterizedTest
    @CsvSource({"end_turn,stop,end_turn", "stop_sequence,stop,end_turn", "max_tokens,length,max_tokens",
            "tool_use,tool_calls,tool_use", "refusal,content_filter,refusal", "pause_turn,stop,end_turn"})
    void mapsStopReasonsBothWays(String anthropic, String gateway, String back) {
        assertThat(StopReasons.fromAnthropic(anthropic)).isEqualTo(gateway);
        assertThat(StopReasons.toAnthropic(gateway)).isEqualTo(back);
    }

    @ParameterizedTest
    @CsvSource({"400,invalid_request_error", "401,authentication_error", "402,billing_error",
            "403,permission_error", "404,not_found_error", "413,request_too_large", "429,rate_limit_error",
            "500,api_error", "502,api_error", "503,overloaded_error", "504,timeout_error"})
    void usesAnthropicsErrorTypeForEachStatus(int status, String type) {
        JsonNode body = new AnthropicErrors(JSON).body(new GatewayException(status, "some_code", "m"), "req_1");
        assertThat(body.path("error").path("type").asText()).isEqualTo(type);
        assertThat(body.path("error").path("code").asText()).isEqualTo("some_code");
    }
}
