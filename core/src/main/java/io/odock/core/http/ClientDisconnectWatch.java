package io.odock.core.http;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import io.odock.core.pipeline.ClientConnection;

/**
 * Notices a client that hangs up while its request is being handled, and interrupts the request's thread so that the
 * upstream call is cancelled at once instead of running to its end for nobody.
 *
 * <p>Jetty only learns that an HTTP/1.1 connection closed when it reads from it, and it does not read while a
 * handler runs. So every {@value #POLL_MILLIS} ms this watch tries a one-byte, non-blocking read on the connection of
 * each request in flight whose body the pipeline has read: -1 (or an error) means the client is gone. A client never sends anything while it waits for
 * its answer, except a pipelined next request; if a byte is read, probing stops for that request and the connection
 * is closed once the answer is complete, so the half-read next request is never parsed (the client sends it again on
 * a new connection, as HTTP/1.1 clients must be ready to).
 */
public final class ClientDisconnectWatch implements AutoCloseable {
    /** The request property holding this request's {@link ClientConnection}. */
    public static final String PROPERTY = "odock.clientGone";
    private static final Logger log = LoggerFactory.getLogger(ClientDisconnectWatch.class);
    private static final long POLL_MILLIS = 250;

    private final Map<Watch, Boolean> active = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "odock-disconnect-watch");
        thread.setDaemon(true);
        return thread;
    });

    /** Starts polling. */
    public ClientDisconnectWatch() {
        poller.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts watching a request's connection (polling begins once the pipeline asks, see {@link ClientConnection});
     * the handle ends the watch when the request's handling returns.
     */
    public Handle open(Request request) {
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        if (!(endPoint.getTransport() instanceof SocketChannel channel)) {
            return new Handle(request, null);
        }
        return new Handle(request, new Watch(channel, Thread.currentThread(), active));
    }

    private void poll() {
        for (Watch watch : active.keySet()) {
            if (watch.probe()) {
                active.remove(watch);
            }
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }

    /** The watch of one request, closed on the request's thread when its handling returns. */
    public final class Handle implements AutoCloseable {
        private final Request request;
        private final Watch watch;

        private Handle(Request request, Watch watch) {
            this.request = request;
            this.watch = watch;
        }

        /** What the pipeline asks whether the client is still there. */
        public ClientConnection connection() {
            return watch == null ? ClientConnection.UNWATCHED : watch;
        }

        @Override
        public void close() {
            if (watch == null) {
                return;
            }
            active.remove(watch);
            if (watch.finish()) {
                // The interrupt was for the upstream call; nothing after it should see it.
                Thread.interrupted();
            }
            if (watch.readData()) {
                EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
                Request.addCompletionListener(request, failure -> endPoint.close());
            }
        }
    }

    /** One request in flight; polled once the pipeline has read its body and asked for it. */
    private static final class Watch implements ClientConnection {
        private final SocketChannel channel;
        private final Thread handler;
        private final Map<Watch, Boolean> active;
        private final ByteBuffer probe = ByteBuffer.allocate(1);
        private boolean finished;
        private volatile boolean gone;
        private boolean readData;

        Watch(SocketChannel channel, Thread handler, Map<Watch, Boolean> active) {
            this.channel = channel;
            this.handler = handler;
            this.active = active;
        }

        @Override
        public void watch() {
            // Only now: before its body is read, a byte on the connection belongs to the request itself.
            active.put(this, Boolean.TRUE);
        }

        /** Probes the connection; true when there is no need to probe again. */
        synchronized boolean probe() {
            if (finished) {
                return true;
            }
            int read;
            try {
                probe.clear();
                read = channel.read(probe);
            } catch (IOException e) {
                read = -1;
            }
            if (read < 0) {
                gone = true;
                log.debug("The client of a request in flight hung up; cancelling its call");
                handler.interrupt();
                return true;
            }
            if (read > 0) {
                readData = true;
                return true;
            }
            return false;
        }

        /** Ends the watch; true when it interrupted the handler. */
        synchronized boolean finish() {
            finished = true;
            return gone;
        }

        synchronized boolean readData() {
            return readData;
        }

        @Override
        public boolean gone() {
            return gone;
        }
    }
}
