package io.odock.plugin.echo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.Secret;
import io.odock.spi.model.ChatMessage;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.UpstreamTarget;
import io.odock.spi.plugin.PluginConfig;
import io.odock.spi.plugin.PluginContext;
import io.odock.spi.provider.ProviderAdapter;
import io.odock.spi.provider.UpstreamClient;
import io.odock.spi.stream.EventStream;
import io.odock.spi.stream.StreamEvent;
import io.odock.spi.testing.TestingUpstreamClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EchoProviderAdapterTest {
    private static final PluginContext CONTEXT = new PluginContext() {
        @Override
        public UpstreamClient upstreamClient() {
            return new TestingUpstreamClient();
        }

        @Override
        public ObjectMapper objectMapper() {
            return new ObjectMapper();
        }

        @Override
        public String pluginId() {
            return "provider-echo";
        }
    };

    private static ProviderAdapter adapter(String yaml) throws IOException {
        ObjectMapper json = new ObjectMapper();
        return new EchoProviderAdapterFactory().create(PluginConfig.of(
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(yaml)), CONTEXT);
    }

    private static GatewayRequest.Builder request(String userText) {
        return GatewayRequest.builder().model("demo")
                .addMessage(ChatMessage.of("system", "be nice"))
                .addMessage(ChatMessage.of("user", userText))
                .upstream(UpstreamTarget.of("local", "http://localhost/echo", Secret.none(), Duration.ofSeconds(1),
                        "echo-1"));
    }

    @Test
    void echoesTheLastUserMessageWithUsage() throws IOException {
        GatewayResponse response = adapter("{}").complete(request("Hello, world!").build());

        assertThat(response.content()).isEqualTo("Echo: Hello, world!");
        assertThat(response.stopReason()).isEqualTo("stop");
        assertThat(response.model()).isEqualTo("echo-1");
        assertThat(response.provider()).isEqualTo("echo");
        assertThat(response.usage().outputTokens()).isEqualTo(TokenEstimator.count("Echo: Hello, world!"));
        assertThat(response.usage().inputTokens()).isGreaterThan(TokenEstimator.count("Hello, world!"));
        assertThat(response.providerRequestId().orElseThrow()).startsWith("echo-");
    }

    @Test
    void honoursPrefixMaxTokensAndStopSequences() throws IOException {
        ProviderAdapter adapter = adapter("{\"prefix\":\"> \"}");

        GatewayResponse truncated = adapter.complete(request("one two three four").maxTokens(Optional.of(3)).build());
        assertThat(truncated.content()).isEqualTo("> one two");
        assertThat(truncated.stopReason()).isEqualTo("length");
        assertThat(truncated.usage().outputTokens()).isEqualTo(3);

        GatewayResponse stopped = adapter.complete(request("say hi STOP and more").stopSequences(List.of("STOP")).build());
        assertThat(stopped.content()).isEqualTo("> say hi ");
        assertThat(stopped.stopReason()).isEqualTo("stop");
    }

    @Test
    void streamsTokensThenTheFinishAndTheUsage() throws IOException {
        List<StreamEvent> events = new ArrayList<>();
        try (EventStream stream = adapter("{\"streamDelay\":\"1ms\"}").stream(request("a b").build())) {
            Optional<StreamEvent> next;
            while ((next = stream.next()).isPresent()) {
                events.add(next.get());
            }
        }

        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e instanceof StreamEvent.TextDelta)
                .forEach(e -> text.append(((StreamEvent.TextDelta) e).text()));
        assertThat(text.toString()).isEqualTo("Echo: a b");
        assertThat(events.get(events.size() - 2)).isEqualTo(new StreamEvent.Finished(0, "stop"));
        assertThat(events.getLast()).isInstanceOf(StreamEvent.UsageReported.class);
        assertThat(events).noneMatch(e -> e instanceof StreamEvent.Raw);
    }

    @Test
    void embedsTextsIntoStableUnitVectors() throws IOException {
        GatewayRequest request = request("x").operation(io.odock.spi.model.Operation.EMBEDDINGS)
                .inputs(List.of("alpha", "beta")).dimensions(Optional.of(6)).build();

        GatewayResponse first = adapter("{}").complete(request);
        GatewayResponse second = adapter("{}").complete(request);

        assertThat(first.embeddings()).hasSize(2).allSatisfy(v -> {
            assertThat(v).hasSize(6);
            assertThat(v.stream().mapToDouble(d -> d * d).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        });
        assertThat(first.embeddings()).isEqualTo(second.embeddings());
        assertThat(first.embeddings().get(0)).isNotEqualTo(first.embeddings().get(1));
        assertThat(first.usage().inputTokens()).isEqualTo(2);
    }

    @Test
    void aBadDelayIsAConfigurationError() {
        assertThatThrownBy(() -> adapter("{\"streamDelay\":\"soon\"}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("streamDelay");
    }

    @Test
    void servesEveryCompatibleRoute() {
        assertThat(new EchoProviderAdapterFactory().compatibleTypes()).contains("openai", "anthropic", "gemini", "vllm");
    }

    @Test
    void tokensAddUpToTheText() {
        assertThat(TokenEstimator.tokens("Hi, you  there!")).containsExactly("Hi", ",", " you", "  there", "!");
    }
}
