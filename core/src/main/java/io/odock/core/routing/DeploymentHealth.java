package io.odock.core.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A circuit breaker per deployment. After {@code cooldownAfter} upstream failures in a row a deployment is cooled
 * down: routing puts it behind the healthy ones until its cool-down ends. Then a single call probes it (half-open)
 * while the others keep avoiding it; the probe's success closes the circuit, its failure opens it again. Lock-free.
 * Openings and closings are told to a {@link CircuitSharing} (Redis, with several instances), and those of other
 * instances are applied through {@link #openedElsewhere} and {@link #closedElsewhere}.
 */
public final class DeploymentHealth {
    /** A deployment's circuit. */
    public enum State {
        /** Takes traffic. */
        CLOSED,
        /** Cooling down: tried only when nothing healthy is left. */
        OPEN,
        /** The cool-down is over and one probe call is out. */
        HALF_OPEN
    }

    /**
     * One deployment's health.
     *
     * @param state               its circuit
     * @param consecutiveFailures upstream failures since its last success
     * @param since               when it opened (open) or when its probe started (half-open)
     * @param cooldown            how long it stays open
     */
    public record Status(State state, int consecutiveFailures, Optional<Instant> since, Duration cooldown) {
        static final Status HEALTHY = new Status(State.CLOSED, 0, Optional.empty(), Duration.ZERO);

        /** When an open circuit's cool-down ends. */
        public Optional<Instant> openUntil() {
            return state == State.OPEN ? since.map(t -> t.plus(cooldown)) : Optional.empty();
        }
    }

    private final AtomicReferenceArray<Status> statuses;
    private final java.util.List<String> ids;
    private final java.util.Map<String, Integer> indexById;
    private final Clock clock;
    private volatile CircuitSharing sharing = CircuitSharing.NONE;

    /**
     * @param ids each deployment's id, by index, the same on every instance with the same configuration
     */
    DeploymentHealth(java.util.List<String> ids, Clock clock) {
        this.ids = java.util.List.copyOf(ids);
        this.statuses = new AtomicReferenceArray<>(ids.size());
        this.clock = clock;
        java.util.Map<String, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            statuses.set(i, Status.HEALTHY);
            index.put(ids.get(i), i);
        }
        this.indexById = java.util.Map.copyOf(index);
    }

    /** Tells this sharing about the circuits that open and close here from now on. */
    public void shareWith(CircuitSharing sharing) {
        this.sharing = sharing;
    }

    /** Every deployment's id. */
    public java.util.List<String> ids() {
        return ids;
    }

    /** Another instance opened a deployment's circuit: it cools down here too, until the same moment. */
    public void openedElsewhere(String id, Instant since, Duration cooldown) {
        Integer index = indexById.get(id);
        if (index == null) {
            return;
        }
        statuses.updateAndGet(index, previous -> {
            Instant until = since.plus(cooldown);
            boolean longerHere = previous.openUntil().map(mine -> !mine.isBefore(until)).orElse(false);
            return longerHere ? previous : new Status(State.OPEN, previous.consecutiveFailures(), Optional.of(since),
                    cooldown);
        });
    }

    /** Another instance's probe of a deployment succeeded: it takes traffic here too. */
    public void closedElsewhere(String id) {
        Integer index = indexById.get(id);
        if (index != null) {
            statuses.set(index, Status.HEALTHY);
        }
    }

    /** The deployment's health. */
    public Status status(Deployment deployment) {
        return statuses.get(deployment.index());
    }

    /**
     * Whether routing should try this deployment with the healthy ones. A cooled-down deployment whose cool-down has
     * ended answers yes to exactly one caller, which becomes its probe (a probe that never reports back is replaced
     * after another cool-down).
     */
    boolean admit(Deployment deployment) {
        int index = deployment.index();
        Status status = statuses.get(index);
        Instant now = clock.instant();
        return switch (status.state()) {
            case CLOSED -> true;
            case OPEN, HALF_OPEN -> {
                boolean due = status.since().map(t -> !now.isBefore(t.plus(status.cooldown()))).orElse(true);
                yield due && statuses.compareAndSet(index, status,
                        new Status(State.HALF_OPEN, status.consecutiveFailures(), Optional.of(now), status.cooldown()));
            }
        };
    }

    /** The deployment answered (or refused the request itself, which shows it is up). */
    public void succeeded(Deployment deployment) {
        Status previous = statuses.get(deployment.index());
        if (previous != Status.HEALTHY) {
            statuses.set(deployment.index(), Status.HEALTHY);
            if (previous.state() != State.CLOSED) {
                sharing.closed(ids.get(deployment.index()));
            }
        }
    }

    /**
     * The deployment failed upstream.
     *
     * @param cooldownAfter consecutive failures that open the circuit
     * @param cooldown      how long it stays open
     */
    public void failed(Deployment deployment, int cooldownAfter, Duration cooldown) {
        Instant now = clock.instant();
        Status next = statuses.updateAndGet(deployment.index(), previous -> {
            int failures = previous.consecutiveFailures() + 1;
            if (previous.state() == State.HALF_OPEN || failures >= cooldownAfter) {
                return new Status(State.OPEN, failures, Optional.of(now), cooldown);
            }
            return new Status(State.CLOSED, failures, Optional.empty(), Duration.ZERO);
        });
        if (next.state() == State.OPEN && next.since().equals(Optional.of(now))) {
            sharing.opened(ids.get(deployment.index()), now, cooldown);
        }
    }
}
