package io.odock.core.http;

import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the heap that large request bodies hold at once. A JSON body is held as its bytes, then as a parsed tree, and
 * again as the upstream's copy, several times its size in all (a 30 MiB body took over 100 MiB of heap), so a few
 * concurrent bodies near {@code server.maxBodyBytes} could exhaust the heap and stop the gateway. Each large body
 * (a model call's or an MCP message) reserves its size here before it is read, for as long as its call needs it; when
 * the reservation does not fit, the request is refused with 503 {@code gateway_overloaded} and a {@code Retry-After},
 * which clients' SDKs retry.
 *
 * <p>Two exceptions keep every request servable: bodies up to {@value #UNCOUNTED} bytes (nearly every model call) are
 * never counted nor refused, and a large body is always admitted while no other large body is held, so one body up to
 * {@code server.maxBodyBytes} goes through even when that is more than the budget.
 */
public final class BodyMemory {
    /** Bodies up to this size are not counted: their memory is bounded by the number of connections. */
    public static final long UNCOUNTED = 64 * 1024;

    private final long capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private long held;

    /** A budget of {@code capacity} bytes of large bodies held at once. */
    public BodyMemory(long capacity) {
        if (capacity < UNCOUNTED) {
            throw new IllegalArgumentException("capacity must be at least " + UNCOUNTED + " bytes");
        }
        this.capacity = capacity;
    }

    /**
     * The default budget for this JVM: an eighth of its maximum heap, so that the bodies admitted together, with
     * their trees and upstream copies, stay well inside the heap (32 MiB with the shipped {@code -Xmx256m}).
     */
    public static long defaultCapacity() {
        return Math.max(UNCOUNTED, Runtime.getRuntime().maxMemory() / 8);
    }

    /** The budget in bytes. */
    public long capacity() {
        return capacity;
    }

    /** Bytes of large bodies held now. */
    public long held() {
        lock.lock();
        try {
            return held;
        } finally {
            lock.unlock();
        }
    }

    /** An empty reservation for one request's body; close it when the call is over. */
    public Hold hold() {
        return new Hold();
    }

    /** One request's share of the budget. Closing it returns the share; closing twice is harmless. */
    public final class Hold implements AutoCloseable {
        private long bytes;

        private Hold() {
        }

        /**
         * Makes this request's share cover a body of {@code size} bytes (sizes only grow).
         *
         * @throws GatewayException 503 {@code gateway_overloaded} when other large bodies hold the budget
         */
        public void cover(long size) {
            if (size <= UNCOUNTED || size <= bytes) {
                return;
            }
            lock.lock();
            try {
                long more = size - bytes;
                boolean alone = held == bytes;
                if (!alone && held + more > capacity) {
                    throw new GatewayException(503, ErrorCodes.GATEWAY_OVERLOADED, "The gateway is holding as many "
                            + "large request bodies as its memory allows; try again shortly")
                            .withRetryAfter(Duration.ofSeconds(1));
                }
                held += more;
                bytes = size;
            } finally {
                lock.unlock();
            }
        }

        /** The bytes this request holds of the budget. */
        public long bytes() {
            return bytes;
        }

        @Override
        public void close() {
            lock.lock();
            try {
                held -= bytes;
                bytes = 0;
            } finally {
                lock.unlock();
            }
        }
    }
}
