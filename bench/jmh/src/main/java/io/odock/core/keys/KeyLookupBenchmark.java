package io.odock.core.keys;

import io.odock.core.config.DatabaseConfig;
import io.odock.core.store.Database;
import io.odock.spi.Secret;
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
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Authenticating a presented Odock API key: {@link KeyService#authenticate(String)} on every model call, before
 * anything else runs. It is meant to be a SHA-256 of the secret and a map lookup, never a database round trip, so it
 * must stay flat however many keys exist. The service is started as the gateway starts it, on an embedded H2 database
 * (MySQL mode, in a temporary directory) holding {@code keys} keys created through the service.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(java.util.concurrent.TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KeyLookupBenchmark {
    @Param("1000")
    int keys;

    private Path directory;
    private Database database;
    private KeyService service;
    private String secret;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("odock-jmh-keys");
        String url = "jdbc:h2:file:" + directory.resolve("odock").toAbsolutePath()
                + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE";
        database = Database.open(new DatabaseConfig(url, "", Secret.none(), 4));
        // A long refresh interval: the background poll is not what is measured.
        service = KeyService.start(database, Duration.ofMinutes(10));
        for (int i = 0; i < keys; i++) {
            KeyService.CreatedKey created = service.create("bench-" + i, List.of("gpt-4o-mini", "claude-*"));
            if (i == keys / 2) {
                secret = created.secret();
            }
        }
        if (!(service.authenticate(secret) instanceof KeyService.Authentication.Authenticated)) {
            throw new IllegalStateException("the benchmark key does not authenticate");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (service != null) {
            service.close();
        }
        if (database != null) {
            database.close();
        }
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** One valid key, as the auth filter presents it. */
    @Benchmark
    public KeyService.Authentication authenticate() {
        return service.authenticate(secret);
    }
}
