package io.odock.core.routing;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A moving average of each deployment's recent upstream latency, for the {@code least-latency} strategy. Lock-free:
 * every answered call updates it on the request's thread.
 */
public final class LatencyTracker {
    /** How much a new observation counts: about the last 10 calls dominate. */
    private static final double ALPHA = 0.2;
    private static final long UNKNOWN = -1;

    private final AtomicLongArray averageNanos;

    LatencyTracker(int deployments) {
        averageNanos = new AtomicLongArray(deployments);
        for (int i = 0; i < deployments; i++) {
            averageNanos.set(i, UNKNOWN);
        }
    }

    /** Records one call's upstream latency. */
    public void record(Deployment deployment, long nanos) {
        averageNanos.getAndUpdate(deployment.index(),
                previous -> previous == UNKNOWN ? nanos : (long) (ALPHA * nanos + (1 - ALPHA) * previous));
    }

    /** The moving average, or -1 when the deployment has not answered yet. */
    long averageNanos(Deployment deployment) {
        return averageNanos.get(deployment.index());
    }

    /** The moving average, once the deployment has answered. */
    public java.util.Optional<java.time.Duration> average(Deployment deployment) {
        long nanos = averageNanos(deployment);
        return nanos < 0 ? java.util.Optional.empty() : java.util.Optional.of(java.time.Duration.ofNanos(nanos));
    }
}
