package io.odock.core.usage;

import io.odock.core.keys.KeyOwner;
import io.odock.spi.audit.CallSummary;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Turning a finished call's usage record into the row the usage writer inserts: {@code UsageRow.of(UsageRecord)}, run
 * once per call on the writer thread, including its JSON columns (attempts, the pricing used, limit events and
 * plugin executions). The record is a priced chat call on a team key with one attempt, a limit event and one blocker
 * execution, as the benchmark's calls are.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class UsageRowBenchmark {
    private UsageRecord record;

    @Setup(Level.Trial)
    public void setUp() {
        UsageDetails details = new UsageDetails(
                new KeyOwner(Optional.of("org_acme"), Optional.of("team_search"), Optional.empty()), 0,
                Optional.of(379_800L), Optional.of("USD"),
                Map.of("input_per_mtok", "0.15", "output_per_mtok", "0.6", "model", "gpt-4o-mini"),
                Optional.of("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT"), false, List.of("tpm:api_key:80%"),
                List.of(new CallSummary.PluginExecution("blocker-rules", "before_routing", "allow", List.of(), 14)),
                Optional.empty());
        record = new UsageRecord("req_mb3k9x2a1f0q8z7y6x5w4v3u2t", "key_01HZX8Q4T9V2N5M7K3J6", "/v1/chat/completions",
                "gpt-4o-mini", Optional.of("openai-eu"), Optional.of("gpt-4o-mini-2024-07-18"), 200, Optional.empty(),
                1_284, 312, Optional.of(new BigDecimal("0.000379800")), false, 1_912,
                Instant.parse("2025-06-01T12:34:56.789Z"),
                List.of(new Attempt("openai-eu", "gpt-4o-mini-2024-07-18", true, Optional.empty(), 1_180)),
                1_024, 0, details);
    }

    /** The row for one finished call. */
    @Benchmark
    public UsageRow row() {
        return UsageRow.of(record);
    }
}
