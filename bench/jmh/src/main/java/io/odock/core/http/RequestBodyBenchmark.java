package io.odock.core.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.core.config.ServerConfig;
import io.odock.core.server.JsonMappers;
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

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Reading a client's request body: {@link JsonBodyReader#read(java.io.InputStream, long)} of a typical ~300-byte
 * chat-completions body with its {@code Content-Length} declared, parsed into the tree every translator and adapter
 * then shares. Every JSON model call pays it once, before routing; it is where the body's bytes are allocated and
 * parsed. The mapper is {@link JsonMappers#create(long)} with the default {@code server.maxBodyBytes}, as the server
 * builds it. The in-memory stream stands in for the container's; creating it is part of the measured time (tens of
 * nanoseconds).
 *
 * <p>{@code readOnNewVirtualThread} does the same on a virtual thread started for the one read, as the server runs
 * every request: whatever the parser keeps per thread (Jackson's buffers, by default) is new each time there. Its time
 * is mostly the benchmark thread waiting for the virtual thread to end (tens of microseconds); what it is for is the
 * allocation per read, {@code -prof gc}'s {@code gc.alloc.rate.norm}: 4,180 bytes with Jackson's per-thread buffers,
 * 3,440 with the gateway's shared pool (2,940 on a long-lived thread).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RequestBodyBenchmark {
    /** A typical OpenAI chat-completions request, as an SDK sends it (compact JSON). */
    public static final String CHAT_BODY = "{\"model\":\"gpt-4o-mini\",\"messages\":["
            + "{\"role\":\"system\",\"content\":\"You are a concise assistant that answers in one paragraph.\"},"
            + "{\"role\":\"user\",\"content\":\"Summarise the main differences between TCP and UDP for a new "
            + "backend engineer.\"}],"
            + "\"temperature\":0.2,\"max_tokens\":256,\"stream\":false,\"user\":\"user-4711\"}";

    private byte[] body;
    private JsonBodyReader reader;

    @Setup(Level.Trial)
    public void setUp() {
        body = CHAT_BODY.getBytes(StandardCharsets.UTF_8);
        reader = new JsonBodyReader(JsonMappers.create(ServerConfig.DEFAULT_MAX_BODY_BYTES),
                ServerConfig.DEFAULT_MAX_BODY_BYTES, new BodyMemory(BodyMemory.defaultCapacity()));
    }

    /** The body with its declared length, as the routes call it. */
    @Benchmark
    public ObjectNode read() {
        return reader.read(new ByteArrayInputStream(body), body.length);
    }

    /** The same read on a new virtual thread, as each request is served. */
    @Benchmark
    public ObjectNode readOnNewVirtualThread() throws InterruptedException {
        ObjectNode[] read = new ObjectNode[1];
        Thread.ofVirtual().start(() -> read[0] = read()).join();
        return read[0];
    }
}
