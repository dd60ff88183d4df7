package io.odock.plugin.safetysec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, per API key and in memory, when its recent findings happened, and makes a key that keeps tripping rules
 * stricter: once it has had {@code after} findings within {@code within}, its observe and redact rules act as
 * {@code to}. Thread-safe; it keeps at most {@code after} times per key and at most {@code maxKeys} keys, dropping the
 * keys whose findings are oldest.
 */
final class Escalation {
    private final int after;
    private final Duration within;
    private final Action to;
    private final int maxKeys;
    private final Clock clock;
    private final Map<String, Deque<Instant>> findingTimes = new ConcurrentHashMap<>();

    Escalation(EscalationSettings settings, Clock clock) {
        this.after = settings.after();
        this.within = settings.within();
        this.to = settings.to();
        this.maxKeys = settings.maxKeys();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether the key has had enough findings recently to be treated more strictly. */
    boolean isEscalated(String key) {
        Deque<Instant> times = findingTimes.get(key);
        if (times == null) {
            return false;
        }
        synchronized (times) {
            dropExpired(times, clock.instant());
            return times.size() >= after;
        }
    }

    /** The action a rule takes for an escalated key: observe and redact become {@code to} when that is stricter. */
    Action escalate(Action action) {
        boolean escalatable = action == Action.OBSERVE || action == Action.REDACT;
        return escalatable && to.strictness() > action.strictness() ? to : action;
    }

    /** Records that a call by this key had this many findings. */
    void record(String key, int findings) {
        if (findings <= 0 || key.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Deque<Instant> times = findingTimes.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            for (int i = 0; i < findings; i++) {
                times.addLast(now);
            }
            // Only the newest 'after' times can decide whether the key is escalated.
            while (times.size() > after) {
                times.removeFirst();
            }
        }
        if (findingTimes.size() > maxKeys) {
            prune(now);
        }
    }

    /** How many keys it currently remembers. */
    int trackedKeys() {
        return findingTimes.size();
    }

    /**
     * Forgets keys with no recent findings and, if there are still too many, those with the oldest findings. It cuts
     * to three quarters of the bound so that pruning happens rarely.
     */
    private void prune(Instant now) {
        findingTimes.entrySet().removeIf(entry -> {
            synchronized (entry.getValue()) {
                dropExpired(entry.getValue(), now);
                return entry.getValue().isEmpty();
            }
        });
        int target = maxKeys * 3 / 4;
        int excess = findingTimes.size() - target;
        if (excess > 0) {
            findingTimes.entrySet().stream()
                    .sorted(Comparator.comparing(entry -> newest(entry.getValue())))
                    .limit(excess)
                    .map(Map.Entry::getKey)
                    .toList()
                    .forEach(findingTimes::remove);
        }
    }

    private void dropExpired(Deque<Instant> times, Instant now) {
        Instant cutoff = now.minus(within);
        while (!times.isEmpty() && !times.peekFirst().isAfter(cutoff)) {
            times.removeFirst();
        }
    }

    private static Instant newest(Deque<Instant> times) {
        synchronized (times) {
            return times.isEmpty() ? Instant.MIN : times.peekLast();
        }
    }
}
