package io.odock.core.governance;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts each key's requests in flight on this instance, for the key policy's {@code max_concurrent_requests}.
 * Counters of keys with nothing in flight are dropped, so the map holds only busy keys.
 */
final class ConcurrencyGate {
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    /** Takes a slot if fewer than {@code max} are taken. */
    boolean tryEnter(String keyId, int max) {
        boolean[] entered = {false};
        inFlight.compute(keyId, (id, count) -> {
            AtomicInteger current = count == null ? new AtomicInteger() : count;
            if (current.get() < max) {
                current.incrementAndGet();
                entered[0] = true;
            }
            return current.get() == 0 ? null : current;
        });
        return entered[0];
    }

    /** Gives a slot back. */
    void leave(String keyId) {
        inFlight.computeIfPresent(keyId, (id, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    /** Requests of this key in flight here. */
    int inFlight(String keyId) {
        AtomicInteger count = inFlight.get(keyId);
        return count == null ? 0 : count.get();
    }
}
