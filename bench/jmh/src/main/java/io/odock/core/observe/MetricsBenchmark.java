package io.odock.core.observe;

import io.odock.core.usage.Attempt;
import io.odock.core.usage.UsageRecord;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Recording a finished model call into the gateway's metrics: {@code GatewayMetrics.record(UsageRecord)}, about ten
 * counter and histogram updates per call (requests, latency, overhead, upstream attempts, tokens by model and key,
 * cost), each finding its label combination's cell in a concurrent map. {@code keys} sets how many keys have recorded
 * before (label combinations already in the maps); the measured calls come from all of them in turn.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MetricsBenchmark {
    @Param({"1", "1000"})
    public int keys;

    private GatewayMetrics metrics;
    private UsageRecord[] calls;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        metrics = new GatewayMetrics(() -> 0, () -> true);
        calls = new UsageRecord[keys];
        for (int i = 0; i < keys; i++) {
            calls[i] = new UsageRecord("req_mb3k9x2a1f0q8z7y6x5w4v3u2t", "key_" + i, "/v1/chat/completions",
                    "gpt-4o-mini", Optional.of("openai-eu"), Optional.of("gpt-4o-mini-2024-07-18"), 200,
                    Optional.empty(), 1_284, 312, Optional.of(new BigDecimal("0.000379800")), false, 1_912,
                    Instant.parse("2025-06-01T12:34:56.789Z"),
                    List.of(new Attempt("openai-eu", "gpt-4o-mini-2024-07-18", true, Optional.empty(), 1_180)),
                    1_024, 0);
            metrics.record(calls[i]);
        }
    }

    /** One finished call recorded, on one thread. */
    @Benchmark
    public void record() {
        metrics.record(calls[next++ % calls.length]);
    }

    /** The same from four threads at once, as concurrent calls finish (the shared cells' contention included). */
    @Benchmark
    @Threads(4)
    public void recordConcurrently() {
        metrics.record(calls[(int) (Thread.currentThread().threadId() % calls.length)]);
    }
}
