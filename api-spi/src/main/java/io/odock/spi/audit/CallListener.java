package io.odock.spi.audit;

/**
 * Hears about every finished call, off the request path: the host hands summaries to listeners on a background
 * thread, through a bounded queue, after the client has its answer. A slow listener delays no call (when its queue is
 * full, summaries for it are dropped and counted); a listener that throws is logged and keeps receiving.
 */
@FunctionalInterface
public interface CallListener {
    /** One finished call. */
    void onCall(CallSummary call);
}
