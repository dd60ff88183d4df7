package io.odock.core.routing;

import java.time.Duration;
import java.time.Instant;

/**
 * How one instance tells the others that a deployment's circuit opened or closed. {@link DeploymentHealth} calls it
 * on its own transitions only; what arrives from other instances is applied without being passed on again.
 */
public interface CircuitSharing {
    /** Shares nothing: circuits stay per instance. */
    CircuitSharing NONE = new CircuitSharing() {
        @Override
        public void opened(String deployment, Instant since, Duration cooldown) {
        }

        @Override
        public void closed(String deployment) {
        }
    };

    /** A deployment's circuit opened here, for {@code cooldown} from {@code since}. */
    void opened(String deployment, Instant since, Duration cooldown);

    /** A deployment's probe succeeded here: its circuit is closed again. */
    void closed(String deployment);
}
