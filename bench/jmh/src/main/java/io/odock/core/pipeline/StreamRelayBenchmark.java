package io.odock.core.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.core.config.ServerConfig;
import io.odock.core.http.RequestBodyBenchmark;
import io.odock.core.server.JsonMappers;
import io.odock.plugin.openai.OpenAiBenchSupport;
import io.odock.plugin.openai.OpenAiCompatible;
import io.odock.spi.Secret;
import io.odock.spi.dialect.DialectTranslator;
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
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Relaying one whole streamed chat answer, as the gateway does for every streamed call once the upstream's headers
 * are in: {@link StreamRelay#writeTo} reading an OpenAI SSE body (24 {@code chat.completion.chunk} events, the usage
 * chunk, {@code data: [DONE]}; about 6 KB) from memory through the OpenAI adapter's event stream (the SPI's
 * {@code SseEventStream}/{@code SseReader}), encoding each event with the OpenAI dialect's stream encoder, and writing
 * it through the relay's framed writer to a discarding output stream, flush per event included. Per stream it also
 * builds the encoder and the event stream and schedules and cancels the stream's deadline, as the pipeline does. Not
 * measured: the network on both sides, the HTTP client and Jetty.
 *
 * <p>{@code passthrough=true} is an OpenAI client on an OpenAI deployment with no stream inspection: each event is
 * relayed raw, only its {@code model} renamed (and the usage chunk parsed). {@code passthrough=false} is the
 * normalized path (stream inspection on, or a client of another OpenAI-shaped dialect): every chunk is parsed into
 * events and re-encoded as a new chunk. The stream inspector is the pass-through one (no SafetySec).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StreamRelayBenchmark {
    private static final int CHUNKS = 24;
    private static final String UPSTREAM_MODEL = "gpt-4o-mini-2024-07-18";

    @Param({"true", "false"})
    boolean passthrough;

    private ObjectMapper json;
    private DialectTranslator translator;
    private GatewayRequest routed;
    private byte[] upstreamBody;
    private final DiscardingStream client = new DiscardingStream();
    private StreamRelay.End lastEnd;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        json = JsonMappers.create(ServerConfig.DEFAULT_MAX_BODY_BYTES);
        translator = OpenAiCompatible.translator("openai", "openai", json);
        ObjectNode body = (ObjectNode) json.readTree(RequestBodyBenchmark.CHAT_BODY);
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        GatewayRequest decoded = translator.decode(new InboundCall(Operation.CHAT, body, Map.of()));
        routed = decoded.toBuilder()
                .upstream(UpstreamTarget.of("openai", "https://api.openai.com/v1", Secret.of("sk-bench"),
                        Duration.ofSeconds(60), UPSTREAM_MODEL))
                .passthrough(passthrough)
                .build();
        upstreamBody = openAiStream().getBytes(StandardCharsets.UTF_8);
        relay();
        if (lastEnd.errorCode().isPresent() || lastEnd.usage().outputTokens() != CHUNKS) {
            throw new IllegalStateException("the relay did not end cleanly: " + lastEnd);
        }
    }

    /** The whole stream, client side included: what {@code ModelCallPipeline} sets up per streamed call. */
    @Benchmark
    public void relay(Blackhole blackhole) {
        relay();
        blackhole.consume(lastEnd);
        blackhole.consume(client.written);
    }

    private void relay() {
        long deadline = System.nanoTime() + routed.requireUpstream().timeout().toNanos();
        StreamRelay relay = new StreamRelay(
                OpenAiBenchSupport.chatEventStream(new ByteArrayInputStream(upstreamBody), json, passthrough),
                translator.streamEncoder(routed), Inspections.StreamTextInspector.PASS_THROUGH, "req_bench",
                deadline, () -> false, end -> lastEnd = end);
        relay.writeTo(client);
    }

    /** An OpenAI chat-completions SSE body with usage requested, as api.openai.com sends it. */
    private static String openAiStream() {
        StringBuilder sse = new StringBuilder();
        String head = "{\"id\":\"chatcmpl-BenchA1b2C3d4E5f6G7h8I9\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1748780000,\"model\":\"" + UPSTREAM_MODEL + "\",\"service_tier\":\"default\","
                + "\"system_fingerprint\":\"fp_34a54ae93c\",\"choices\":[";
        for (int i = 0; i < CHUNKS; i++) {
            String delta;
            String finish = "null";
            if (i == 0) {
                delta = "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}";
            } else if (i == CHUNKS - 1) {
                delta = "{}";
                finish = "\"stop\"";
            } else {
                delta = "{\"content\":\" token" + i + "\"}";
            }
            sse.append("data: ").append(head).append("{\"index\":0,\"delta\":").append(delta)
                    .append(",\"logprobs\":null,\"finish_reason\":").append(finish).append("}],\"usage\":null}\n\n");
        }
        sse.append("data: ").append(head).append("],\"usage\":{\"prompt_tokens\":41,\"completion_tokens\":")
                .append(CHUNKS).append(",\"total_tokens\":").append(41 + CHUNKS)
                .append(",\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
                        + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}}\n\n");
        sse.append("data: [DONE]\n\n");
        return sse.toString();
    }

    /** The client's connection, minus the network: counts the bytes and drops them. */
    private static final class DiscardingStream extends OutputStream {
        long written;

        @Override
        public void write(int b) {
            written++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            written += len;
        }
    }
}
