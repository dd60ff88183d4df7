package io.odock.core.plugins;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** The {@link Inspectors} in force, replaced by a reload that changes their settings. */
public final class LiveInspectors {
    private final AtomicReference<Inspectors> current;

    /** Starts with these. */
    public LiveInspectors(Inspectors initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    /** The set in force now. */
    public Inspectors current() {
        return current.get();
    }

    /** Puts a new set in force for the calls that start from now on; returns the previous one. */
    Inspectors replace(Inspectors next) {
        return current.getAndSet(Objects.requireNonNull(next, "next"));
    }
}
