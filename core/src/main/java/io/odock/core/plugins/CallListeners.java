package io.odock.core.plugins;

import io.odock.core.observe.GatewayMetrics;
import io.odock.spi.audit.CallListener;
import io.odock.spi.audit.CallSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands finished calls to the background listeners: each listener has its own bounded queue and thread, so a slow one
 * delays neither the calls nor the other listeners. A full queue drops the summary for that listener (counted in
 * {@code odock_call_listener_dropped_total}); a listener that throws is logged and keeps receiving. On shutdown the
 * queues are drained for a few seconds.
 */
public final class CallListeners implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallListeners.class);
    private static final int QUEUE = 10_000;

    private final List<Worker> workers = new ArrayList<>();
    private final GatewayMetrics metrics;

    /** Starts one worker per listener. */
    public CallListeners(List<Named<CallListener>> listeners, GatewayMetrics metrics) {
        this.metrics = metrics;
        for (Named<CallListener> listener : listeners) {
            workers.add(new Worker(listener));
        }
    }

    /** Queues a finished call for every listener; never blocks. */
    public void publish(CallSummary call) {
        for (Worker worker : workers) {
            if (!worker.queue.offer(call)) {
                metrics.listenerDropped(worker.listener.id());
            }
        }
    }

    /** Whether any listener is registered (so summaries need not be built otherwise). */
    public boolean any() {
        return !workers.isEmpty();
    }

    @Override
    public void close() {
        for (Worker worker : workers) {
            worker.stop();
        }
    }

    private static final class Worker {
        private final Named<CallListener> listener;
        private final BlockingQueue<CallSummary> queue = new ArrayBlockingQueue<>(QUEUE);
        private final Thread thread;
        private volatile boolean stopping;

        Worker(Named<CallListener> listener) {
            this.listener = listener;
            this.thread = Thread.ofPlatform().daemon().name("odock-listener-" + listener.id()).start(this::run);
        }

        private void run() {
            while (!stopping || !queue.isEmpty()) {
                CallSummary call;
                try {
                    call = queue.poll(200, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (call == null) {
                    continue;
                }
                try {
                    listener.extension().onCall(call);
                } catch (RuntimeException | LinkageError e) {
                    log.warn("Call listener {} failed on request {}: {}", listener.id(), call.requestId(), e.toString());
                }
            }
        }

        void stop() {
            stopping = true;
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!queue.isEmpty()) {
                log.warn("Call listener {} did not take {} summaries before shutdown", listener.id(), queue.size());
            }
            thread.interrupt();
        }
    }
}
