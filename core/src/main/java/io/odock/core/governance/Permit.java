package io.odock.core.governance;

import io.odock.core.budget.BudgetLedger;
import io.odock.core.budget.Reservation;
import io.odock.core.limits.Admission;
import io.odock.core.limits.RateLimiter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one admitted request holds until it ends: a concurrency slot, the tokens its rate limits took on estimate, and
 * the cost its budgets reserved. {@link #settle} reconciles them with what the call really used, exactly once;
 * {@link #release()} settles an abandoned request at zero.
 */
public final class Permit {
    private final String keyId;
    private final ConcurrencyGate gate;
    private final boolean holdsSlot;
    private final RateLimiter limiter;
    private final Admission admission;
    private final BudgetLedger ledger;
    private final long estimatedInputTokens;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<String> events = new ArrayList<>();
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile Reservation reservation = Reservation.none();

    Permit(String keyId, ConcurrencyGate gate, boolean holdsSlot, RateLimiter limiter, Admission admission,
           BudgetLedger ledger, long estimatedInputTokens) {
        this.keyId = keyId;
        this.gate = gate;
        this.holdsSlot = holdsSlot;
        this.limiter = limiter;
        this.admission = admission;
        this.ledger = ledger;
        this.estimatedInputTokens = estimatedInputTokens;
    }

    /** A permit that holds nothing (unmetered paths and tests). */
    public static Permit none() {
        return new Permit("", null, false, null, Admission.none(), null, 0);
    }

    void reserved(Reservation budgets) {
        this.reservation = budgets;
    }

    void addHeader(String name, String value) {
        headers.put(name, value);
    }

    void addEvent(String event) {
        events.add(event);
    }

    /** Headers for the answer: {@code x-ratelimit-*}, shadow-mode and budget warnings. */
    public Map<String, String> headers() {
        return Collections.unmodifiableMap(headers);
    }

    /** Shadow-mode limits and budgets this request exceeded ({@code scope:limit}), for its usage record. */
    public List<String> events() {
        return List.copyOf(events);
    }

    /** The input tokens estimated from the request, for a stream cut before its usage arrived. */
    public long estimatedInputTokens() {
        return estimatedInputTokens;
    }

    /**
     * Reconciles with the real usage and cost and gives the concurrency slot back. Only the first call counts.
     *
     * @param actualTokens    input plus output tokens the call used
     * @param actualCostNanos what it cost, in nano-units of the configured currency
     */
    public void settle(long actualTokens, long actualCostNanos) {
        if (!settled.compareAndSet(false, true)) {
            return;
        }
        try {
            if (limiter != null) {
                limiter.settle(admission, actualTokens);
            }
            if (ledger != null && !reservation.holds().isEmpty()) {
                ledger.settle(reservation, actualCostNanos);
            }
        } finally {
            if (holdsSlot) {
                gate.leave(keyId);
            }
        }
    }

    /** Settles at zero if nothing settled yet: the request ended before any usage. */
    public void release() {
        settle(0, 0);
    }
}
