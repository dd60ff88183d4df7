package io.odock.core.http;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * A new request id: {@code RequestIds.newId()}, the {@code req_} + base-36 time + 15 random base-36 digits that
 * every request without a sane {@code x-request-id} of its own gets before anything else runs. It used to be a
 * {@code SecureRandom} that showed in profiles; this keeps it honest.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RequestIdBenchmark {
    /** One id, clock read included. */
    @Benchmark
    public String newId() {
        return RequestIds.newId();
    }
}
