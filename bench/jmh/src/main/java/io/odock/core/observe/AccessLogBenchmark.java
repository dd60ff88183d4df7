package io.odock.core.observe;

import io.odock.core.server.JsonMappers;
import io.odock.core.config.ServerConfig;
import io.odock.core.usage.Attempt;
import io.odock.core.usage.UsageRecord;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Building the access-log line of a finished model call: {@code AccessLog.line(UsageRecord)}, the JSON line written
 * field by field with a generator that the {@code odock.access} logger receives for every call (when the logger is
 * enabled, which it is by default). Only building the line is measured, not the logger's appender. The record is a
 * typical non-streamed chat call that failed over once: two attempts, tokens, cache reads and a cost.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AccessLogBenchmark {
    private AccessLog accessLog;
    private UsageRecord record;

    @Setup(Level.Trial)
    public void setUp() {
        accessLog = new AccessLog(JsonMappers.create(ServerConfig.DEFAULT_MAX_BODY_BYTES));
        record = new UsageRecord("req_mb3k9x2a1f0q8z7y6x5w4v3u2t", "key_01HZX8Q4T9V2N5M7K3J6", "/v1/chat/completions",
                "gpt-4o-mini", Optional.of("openai-eu"), Optional.of("gpt-4o-mini-2024-07-18"), 200, Optional.empty(),
                1_284, 312, Optional.of(new BigDecimal("0.000379800")), false, 1_912,
                Instant.parse("2025-06-01T12:34:56.789Z"),
                List.of(new Attempt("openai-us", "gpt-4o-mini-2024-07-18", false, Optional.of("upstream_timeout"), 700),
                        new Attempt("openai-eu", "gpt-4o-mini-2024-07-18", true, Optional.empty(), 1_180)),
                1_024, 0);
    }

    /** The line for one finished call. */
    @Benchmark
    public String line() {
        return accessLog.line(record);
    }
}
