package io.odock.core.routing;

import io.odock.core.config.DeploymentConfig;
import io.odock.core.config.ProviderConfig;
import io.odock.spi.Secret;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DeploymentHealthTest {
    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-11-25T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }
    }

    private final ManualClock clock = new ManualClock();
    private final DeploymentHealth health = new DeploymentHealth(java.util.List.of("chat/0/p/m"), clock);
    private final Deployment deployment = new Deployment(0, new ProviderConfig("p", "openai", "http://127.0.0.1:1",
            Secret.none(), Duration.ofSeconds(1)), null, DeploymentConfig.of("p", "m"), Optional.empty(),
            Duration.ofSeconds(10));

    @Test
    void opensAfterTheConfiguredFailuresInARowAndCoolsDown() {
        health.failed(deployment, 3, Duration.ofSeconds(30));
        health.failed(deployment, 3, Duration.ofSeconds(30));
        assertThat(health.admit(deployment)).isTrue();
        health.failed(deployment, 3, Duration.ofSeconds(30));

        assertThat(health.status(deployment).state()).isEqualTo(DeploymentHealth.State.OPEN);
        assertThat(health.status(deployment).openUntil()).contains(clock.instant().plusSeconds(30));
        assertThat(health.admit(deployment)).isFalse();
    }

    @Test
    void openingsAndClosingsAreSharedAndOtherInstancesOnesApplied() {
        java.util.List<String> told = new java.util.ArrayList<>();
        health.shareWith(new CircuitSharing() {
            @Override
            public void opened(String id, Instant since, Duration cooldown) {
                told.add("opened " + id + " " + since + " " + cooldown);
            }

            @Override
            public void closed(String id) {
                told.add("closed " + id);
            }
        });
        health.failed(deployment, 1, Duration.ofSeconds(30));
        assertThat(told).containsExactly("opened chat/0/p/m " + clock.instant() + " PT30S");

        clock.advance(Duration.ofSeconds(30));
        assertThat(health.admit(deployment)).isTrue();
        health.succeeded(deployment);
        assertThat(told).containsExactly("opened chat/0/p/m " + clock.instant().minusSeconds(30) + " PT30S",
                "closed chat/0/p/m");

        // What another instance decided is applied here and not told again.
        health.openedElsewhere("chat/0/p/m", clock.instant(), Duration.ofSeconds(10));
        assertThat(health.status(deployment).state()).isEqualTo(DeploymentHealth.State.OPEN);
        assertThat(health.status(deployment).openUntil()).contains(clock.instant().plusSeconds(10));
        assertThat(health.admit(deployment)).isFalse();
        health.closedElsewhere("chat/0/p/m");
        assertThat(health.admit(deployment)).isTrue();
        health.openedElsewhere("unknown/0/x/y", clock.instant(), Duration.ofSeconds(10));
        assertThat(told).hasSize(2);
    }

    @Test
    void aSuccessResetsTheCount() {
        health.failed(deployment, 2, Duration.ofSeconds(30));
        health.succeeded(deployment);
        health.failed(deployment, 2, Duration.ofSeconds(30));

        assertThat(health.status(deployment).state()).isEqualTo(DeploymentHealth.State.CLOSED);
    }

    @Test
    void afterTheCooldownOneProbeDecides() {
        health.failed(deployment, 1, Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(31));

        assertThat(health.admit(deployment)).as("the probe").isTrue();
        assertThat(health.admit(deployment)).as("others wait for the probe").isFalse();
        assertThat(health.status(deployment).state()).isEqualTo(DeploymentHealth.State.HALF_OPEN);

        health.failed(deployment, 5, Duration.ofSeconds(30));
        assertThat(health.status(deployment).state()).as("a failed probe opens it again").isEqualTo(DeploymentHealth.State.OPEN);

        clock.advance(Duration.ofSeconds(31));
        assertThat(health.admit(deployment)).isTrue();
        health.succeeded(deployment);
        assertThat(health.status(deployment).state()).isEqualTo(DeploymentHealth.State.CLOSED);
        assertThat(health.admit(deployment)).isTrue();
        assertThat(health.admit(deployment)).isTrue();
    }

    @Test
    void aProbeThatNeverReportsIsReplacedAfterAnotherCooldown() {
        health.failed(deployment, 1, Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(31));
        assertThat(health.admit(deployment)).isTrue();

        clock.advance(Duration.ofSeconds(31));
        assertThat(health.admit(deployment)).isTrue();
    }
}
