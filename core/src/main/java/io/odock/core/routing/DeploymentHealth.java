package io.odock.core.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A circuit breaker per deployment. After {@code cooldownAfter} upstream failures in a row a deployment is cooled
 * down: routing puts it behind the healthy ones until its cool-down ends. Then a single call probes it (half-open)
 * while the others keep avoiding it; the probe's success closes the circuit, its failure opens it again. Lock-free;
 * the state lives in this instance.
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
    private final Clock clock;

    DeploymentHealth(int deployments, Clock clock) {
        this.statuses = new AtomicReferenceArray<>(deployments);
        this.clock = clock;
        for (int i = 0; i < deployments; i++) {
            statuses.set(i, Status.HEALTHY);
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
        if (statuses.get(deployment.index()) != Status.HEALTHY) {
            statuses.set(deployment.index(), Status.HEALTHY);
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
        statuses.updateAndGet(deployment.index(), previous -> {
            int failures = previous.consecutiveFailures() + 1;
            if (previous.state() == State.HALF_OPEN || failures >= cooldownAfter) {
                return new Status(State.OPEN, failures, Optional.of(now), cooldown);
            }
            return new Status(State.CLOSED, failures, Optional.empty(), Duration.ZERO);
        });
    }
}
