package io.odock.core.pipeline;

import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.dialect.StreamEncoder;
import io.odock.spi.model.Usage;
import io.odock.spi.stream.EventStream;
import io.odock.spi.stream.SseSink;
import io.odock.spi.stream.StreamEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Relays one upstream stream to the client event by event: each event is encoded, written and flushed before the next
 * is read, so it reaches the client the moment it arrives and a slow client never makes the gateway buffer. Usage is
 * picked up as it passes. A failure after the first byte ends the stream with the dialect's in-stream error; the
 * upstream connection is always released.
 */
final class StreamRelay implements PipelineResult.StreamBody {
    private static final Logger log = LoggerFactory.getLogger(StreamRelay.class);
    /** Error code recorded when the client went away before the stream ended. */
    static final String CLIENT_DISCONNECTED = ErrorCodes.CLIENT_DISCONNECTED;

    private final EventStream upstream;
    private final StreamEncoder encoder;
    private final Inspections.StreamTextInspector inspector;
    private final String requestId;
    private final Consumer<End> onEnd;
    private final long deadlineNanos;
    private final java.util.function.BooleanSupplier clientGone;
    private Usage usage = Usage.none();
    private long eventsRelayed;

    /**
     * How a stream ended.
     *
     * @param usage                the usage the upstream reported (none when it never did)
     * @param errorCode            the error code, empty when it completed
     * @param outputEventsRelayed  events relayed to the client, a floor for its output tokens when usage is missing
     * @param providerRequestId    the upstream's own request id
     */
    record End(Usage usage, Optional<String> errorCode, long outputEventsRelayed, Optional<String> providerRequestId) {
    }

    /**
     * @param deadlineNanos the {@link System#nanoTime()} by which the stream must be over (its total timeout)
     * @param onEnd         receives how the stream ended, once it is over
     */
    StreamRelay(EventStream upstream, StreamEncoder encoder, Inspections.StreamTextInspector inspector,
                String requestId, long deadlineNanos, java.util.function.BooleanSupplier clientGone,
                Consumer<End> onEnd) {
        this.clientGone = clientGone;
        this.upstream = upstream;
        this.encoder = encoder;
        this.inspector = inspector;
        this.requestId = requestId;
        this.onEnd = onEnd;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public void writeTo(OutputStream out) {
        FramedWriter writer = new FramedWriter(out, encoder.framing());
        SseSink sink = event -> {
            try {
                writer.write(event);
            } catch (IOException e) {
                throw new ClientGone(e);
            }
        };
        Optional<String> errorCode = Optional.empty();
        Thread reader = Thread.currentThread();
        AtomicBoolean expired = new AtomicBoolean();
        AtomicBoolean over = new AtomicBoolean();
        ReentrantLock ending = new ReentrantLock();
        ScheduledFuture<?> deadline = StreamDeadlines.after(Duration.ofNanos(deadlineNanos - System.nanoTime()), () -> {
            // Only while the relay still runs: an interrupt after it ended would hit whatever the thread does next.
            ending.lock();
            try {
                if (!over.get()) {
                    expired.set(true);
                    reader.interrupt();
                }
            } finally {
                ending.unlock();
            }
        });
        try {
            Optional<StreamEvent> next;
            while ((next = upstream.next()).isPresent()) {
                relay(next.get(), sink);
            }
            releaseHeldText(sink);
            encoder.finish(sink);
        } catch (ClientGone | IOException e) {
            if (expired.get()) {
                // The interrupt that ended the read must not also break the write of the error event.
                Thread.interrupted();
                GatewayException failure = new GatewayException(504, ErrorCodes.UPSTREAM_TIMEOUT,
                        "The upstream's answer ran past its time limit");
                errorCode = Optional.of(failure.code());
                log.warn("Request {}: the upstream stream ran past its total timeout", requestId);
                failStream(failure, sink);
            } else if (e instanceof ClientGone || clientGone.getAsBoolean()) {
                // Either the write failed, or the disconnect watch saw the client hang up and cut the upstream read.
                Thread.interrupted();
                errorCode = Optional.of(CLIENT_DISCONNECTED);
                log.debug("Request {}: the client went away mid-stream", requestId);
            } else {
                GatewayException failure = new GatewayException(502, ErrorCodes.UPSTREAM_ERROR,
                        "The upstream stream was interrupted");
                errorCode = Optional.of(failure.code());
                log.warn("Request {}: upstream stream failed: {}", requestId, e.toString());
                failStream(failure, sink);
            }
        } catch (GatewayException e) {
            errorCode = Optional.of(e.code());
            failStream(e, sink);
        } catch (RuntimeException e) {
            log.error("Request {}: stream relay failed", requestId, e);
            GatewayException failure = new GatewayException(500, ErrorCodes.INTERNAL_ERROR,
                    "The gateway failed while streaming; see its log for request " + requestId);
            errorCode = Optional.of(failure.code());
            failStream(failure, sink);
        } finally {
            deadline.cancel(false);
            ending.lock();
            try {
                over.set(true);
            } finally {
                ending.unlock();
            }
            if (expired.get()) {
                Thread.interrupted();
            }
            if (!CLIENT_DISCONNECTED.equals(errorCode.orElse(""))) {
                endFraming(writer);
            }
            upstream.close();
            onEnd.accept(new End(usage, errorCode, eventsRelayed, upstream.providerRequestId()));
        }
    }

    private void relay(StreamEvent event, SseSink sink) throws IOException {
        eventsRelayed++;
        switch (event) {
            case StreamEvent.Raw raw -> {
                raw.usage().ifPresent(reported -> usage = reported);
                encoder.encode(raw, sink);
            }
            case StreamEvent.UsageReported reported -> {
                usage = reported.usage();
                encoder.encode(reported, sink);
            }
            case StreamEvent.TextDelta delta -> {
                String out = inspector.inspect(delta.choice(), delta.text());
                if (!out.isEmpty()) {
                    encoder.encode(new StreamEvent.TextDelta(delta.choice(), out), sink);
                }
            }
            default -> {
                // Text held back for inspection goes out before anything that could end its choice.
                releaseHeldText(sink);
                encoder.encode(event, sink);
            }
        }
    }

    private void releaseHeldText(SseSink sink) throws IOException {
        for (Map.Entry<Integer, String> held : new TreeMap<>(inspector.flush()).entrySet()) {
            if (!held.getValue().isEmpty()) {
                encoder.encode(new StreamEvent.TextDelta(held.getKey(), held.getValue()), sink);
            }
        }
    }

    private void endFraming(FramedWriter writer) {
        try {
            writer.end();
        } catch (IOException e) {
            log.debug("Request {}: could not close the stream's framing: the client is gone", requestId);
        }
    }

    private void failStream(GatewayException error, SseSink sink) {
        try {
            encoder.fail(error, requestId, sink);
        } catch (IOException | ClientGone e) {
            log.debug("Request {}: could not deliver the in-stream error: the client is gone", requestId);
        }
    }

    /** The client's connection failed; unchecked so it passes through the translator's encoder untouched. */
    private static final class ClientGone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ClientGone(IOException cause) {
            super(cause);
        }
    }
}
