package io.odock.plugin.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.core.config.ServerConfig;
import io.odock.core.http.RequestBodyBenchmark;
import io.odock.core.server.JsonMappers;
import io.odock.spi.Secret;
import io.odock.spi.dialect.InboundCall;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.Operation;
import io.odock.spi.model.UpstreamTarget;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The upstream request body of an OpenAI chat call, as {@code OpenAiProviderAdapter.send} builds it on every attempt:
 * {@code ChatPayloads.build} (for an OpenAI client, a deep copy of the client's parsed JSON without Odock's own fields,
 * {@code model} replaced by the deployment's upstream model, and for a stream {@code stream_options.include_usage}
 * forced on) followed by {@code ObjectMapper.writeValueAsBytes}. This is the code the provider-openai plugin bundles
 * (module {@code odock-openai-compatible}), called directly rather than through PF4J. The request is decoded once, by
 * the OpenAI dialect translator, and routed to a deployment as {@code DeploymentCaller} routes it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class UpstreamPayloadBenchmark {
    /** Whether the client asked for a stream (which also adds {@code stream_options}). */
    @Param({"false", "true"})
    boolean stream;

    private ObjectMapper json;
    private ChatPayloads payloads;
    private GatewayRequest routed;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        json = JsonMappers.create(ServerConfig.DEFAULT_MAX_BODY_BYTES);
        payloads = new ChatPayloads(json, CompatibleApi.OPENAI);
        ObjectNode body = (ObjectNode) json.readTree(RequestBodyBenchmark.CHAT_BODY);
        body.put("stream", stream);
        GatewayRequest decoded = OpenAiCompatible.translator("openai", "openai", json)
                .decode(new InboundCall(Operation.CHAT, body, Map.of()));
        routed = decoded.toBuilder()
                .upstream(UpstreamTarget.of("openai", "https://api.openai.com/v1", Secret.of("sk-bench"),
                        Duration.ofSeconds(60), "gpt-4o-mini-2024-07-18"))
                .passthrough(true)
                .build();
        String built = new String(upstreamBody(), java.nio.charset.StandardCharsets.UTF_8);
        if (!built.contains("\"model\":\"gpt-4o-mini-2024-07-18\"")) {
            throw new IllegalStateException("the upstream body does not name the upstream model: " + built);
        }
    }

    /** The bytes posted to {@code /chat/completions}. */
    @Benchmark
    public byte[] upstreamBody() throws Exception {
        return json.writeValueAsBytes(payloads.build(routed));
    }
}
