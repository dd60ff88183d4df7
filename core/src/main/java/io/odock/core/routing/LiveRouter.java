package io.odock.core.routing;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The router in force, replaced whole by a configuration reload. A call takes {@link #current()} once and uses that
 * router to its end, so a reload never mixes two configurations in one call (deployment health and latency are kept
 * per router, by deployment).
 */
public final class LiveRouter {
    private final AtomicReference<ModelRouter> current;
    private volatile CircuitSharing sharing = CircuitSharing.NONE;

    /** Starts with this router. */
    public LiveRouter(ModelRouter initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    /** The router in force now. */
    public ModelRouter current() {
        return current.get();
    }

    /** Puts a new router in force for the calls that start from now on. */
    public void replace(ModelRouter next) {
        Objects.requireNonNull(next, "next").health().shareWith(sharing);
        current.set(next);
    }

    /** Shares the circuits of this router and of every later one. */
    public void shareCircuits(CircuitSharing sharing) {
        this.sharing = sharing;
        current.get().health().shareWith(sharing);
    }
}
