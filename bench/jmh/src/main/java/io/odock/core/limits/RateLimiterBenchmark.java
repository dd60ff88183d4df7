package io.odock.core.limits;

import io.odock.core.keys.Scope;
import io.odock.core.keys.ScopeKind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The local (in-memory, Bucket4j) rate limiter on the request path: one {@link RateLimiter#admit} against a key's
 * requests-per-minute and tokens-per-minute rules, then the {@link RateLimiter#settle} that reconciles the token
 * estimate with the real usage when the call ends. Every governed call pays both, so this is the limiter's whole
 * per-request cost with the default (local) backend. The limits (5e10 a minute, about the most Bucket4j's refill
 * rate allows) and a fresh limiter per iteration keep every request admitted: the refusal path is not what is measured.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RateLimiterBenchmark {
    private static final String MODEL = "gpt-4o-mini";
    private static final long ESTIMATED_TOKENS = 600;
    private static final long ACTUAL_TOKENS = 420;

    private RateLimiter limiter;
    private List<LimitRule> rules;
    private Admission admitted;

    @Setup(Level.Iteration)
    public void setUp() {
        // As core's tests open the local backend (core/src/test/java/io/odock/core/limits/Limiters.java).
        limiter = RateLimiters.open(new LimiterSettings(LimiterSettings.Backend.LOCAL, Optional.empty(),
                Duration.ofMillis(500), ZoneId.of("Europe/Paris"), Clock.systemUTC()));
        Scope key = Scope.apiKey("key_bench");
        rules = List.of(
                new LimitRule(key, LimitKind.REQUESTS_PER_MINUTE, 50_000_000_000L, Optional.empty(), false),
                new LimitRule(new Scope(ScopeKind.TEAM, "team-bench"), LimitKind.TOKENS_PER_MINUTE,
                        50_000_000_000L, Optional.empty(), false));
        admitted = admitAndSettle();
        if (admitted.refusal().isPresent()) {
            throw new IllegalStateException("the benchmark's limits refused a request");
        }
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
        if (admitAndSettle().refusal().isPresent()) {
            throw new IllegalStateException("the benchmark's limits refused a request: the numbers are not the "
                    + "admit path's");
        }
        limiter.close();
    }

    /** Admit against both rules, then settle with fewer tokens than estimated (gives the surplus back). */
    @Benchmark
    public Admission admitAndSettle() {
        Admission admission = limiter.admit(rules, MODEL, ESTIMATED_TOKENS);
        limiter.settle(admission, ACTUAL_TOKENS);
        return admission;
    }

    /**
     * What the governor asks an admission on every call: whether a rule refuses it, which shadow rules it exceeded,
     * and the tightest request and token rules (the {@code x-ratelimit-*} headers' sources).
     */
    @Benchmark
    public void verdict(Blackhole sink) {
        sink.consume(admitted.refusal());
        sink.consume(admitted.shadowExceeded());
        sink.consume(admitted.tightest(false));
        sink.consume(admitted.tightest(true));
    }
}
