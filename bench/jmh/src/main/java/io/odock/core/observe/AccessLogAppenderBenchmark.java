package io.odock.core.observe;

import ch.qos.logback.core.ContextBase;
import ch.qos.logback.core.encoder.EchoEncoder;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Writing one access-log line to its file through the shipped appender ({@link BufferedRollingFileAppender}, 64 KB
 * buffer, flushed every second) or, with {@code immediateFlush=true}, written to the file at once as logback's plain
 * file appenders do. The file is in a temporary directory in {@code /dev/shm} (memory) where there is one, deleted
 * after the trial: the benchmark writes hundreds of MB a second, and on a disk the kernel soon holds the writer back to
 * the disk's speed, which is not the appender's cost (a gateway writes a few MB a second).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AccessLogAppenderBenchmark {
    private static final String LINE = "{\"time\":\"2025-06-01T12:34:56.789Z\",\"request_id\":\"req_mb3k9x2a1f0q8z7y6x5w4v3u2t\","
            + "\"key_id\":\"key_01HZX8Q4T9V2N5M7K3J6\",\"route\":\"/v1/chat/completions\",\"model\":\"gpt-4o-mini\","
            + "\"provider\":\"openai-eu\",\"deployment\":\"openai-eu/gpt-4o-mini-2024-07-18\",\"status\":200,"
            + "\"error\":null,\"streamed\":false,\"latency_ms\":1912,\"overhead_ms\":32,\"attempts\":2,"
            + "\"input_tokens\":1284,\"output_tokens\":312,\"cache_read_tokens\":1024,\"cache_write_tokens\":0,"
            + "\"cost_usd\":0.000379800}";

    @Param({"false", "true"})
    public boolean immediateFlush;

    private ContextBase context;
    private BufferedRollingFileAppender<String> appender;
    private Path dir;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path memory = Path.of("/dev/shm");
        dir = Files.isDirectory(memory) && Files.isWritable(memory)
                ? Files.createTempDirectory(memory, "odock-access-bench") : Files.createTempDirectory("odock-access-bench");
        context = new ContextBase();
        appender = new BufferedRollingFileAppender<>();
        appender.setContext(context);
        appender.setName("ACCESS");
        appender.setFile(dir.resolve("access.log").toString());
        appender.setBufferSize(FileSize.valueOf("64KB"));
        appender.setImmediateFlush(immediateFlush);
        EchoEncoder<String> encoder = new EchoEncoder<>();
        encoder.setContext(context);
        encoder.start();
        appender.setEncoder(encoder);
        TimeBasedRollingPolicy<String> rolling = new TimeBasedRollingPolicy<>();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(dir.resolve("access.%d{yyyy-MM-dd}.log").toString());
        rolling.start();
        appender.setRollingPolicy(rolling);
        appender.start();
        if (!appender.isStarted()) {
            throw new IllegalStateException("the appender did not start: " + context.getStatusManager().getCopyOfStatusList());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        appender.stop();
        context.stop();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** One line, as the access log writes it for every call. */
    @Benchmark
    public void append() {
        appender.doAppend(LINE);
    }
}
