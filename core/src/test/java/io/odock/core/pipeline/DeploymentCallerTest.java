package io.odock.core.pipeline;

import io.odock.core.config.FailoverConfig;
import io.odock.core.config.FailoverTrigger;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.UpstreamErrors;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DeploymentCallerTest {

    @Test
    void classifiesUpstreamFailuresIntoTriggers() {
        assertThat(DeploymentCaller.trigger(UpstreamErrors.fromStatus("p", 503, Optional.empty(), Optional.empty())))
                .contains(FailoverTrigger.SERVER_ERROR);
        assertThat(DeploymentCaller.trigger(UpstreamErrors.fromStatus("p", 401, Optional.empty(), Optional.empty())))
                .contains(FailoverTrigger.ANY);
        assertThat(DeploymentCaller.trigger(UpstreamErrors.fromStatus("p", 429, Optional.empty(), Optional.empty())))
                .contains(FailoverTrigger.RATE_LIMIT);
        assertThat(DeploymentCaller.trigger(UpstreamErrors.fromIOException("p", new ConnectException())))
                .contains(FailoverTrigger.CONNECT);
        assertThat(DeploymentCaller.trigger(UpstreamErrors.fromIOException("p", new SocketTimeoutException("t"))))
                .contains(FailoverTrigger.TIMEOUT);
        assertThat(DeploymentCaller.trigger(GatewayException.upstreamError("unreadable answer")))
                .contains(FailoverTrigger.SERVER_ERROR);
        assertThat(DeploymentCaller.trigger(UpstreamErrors.fromStatus("p", 400, Optional.of("bad"), Optional.empty())))
                .as("the request's own fault is never retried").isEmpty();
        assertThat(DeploymentCaller.trigger(new GatewayException(403, ErrorCodes.SAFETY_BLOCKED, "no"))).isEmpty();
    }

    @Test
    void backsOffExponentiallyWithJitterWithinTheCapAndHonoursRetryAfter() {
        FailoverConfig failover = new FailoverConfig(Set.of(FailoverTrigger.ANY), Optional.of(5),
                Duration.ofMillis(100), Duration.ofSeconds(1), 5, Duration.ofSeconds(30));

        for (int i = 0; i < 50; i++) {
            assertThat(DeploymentCaller.backoff(failover, 1, Optional.empty()).toMillis()).isBetween(50L, 100L);
            assertThat(DeploymentCaller.backoff(failover, 3, Optional.empty()).toMillis()).isBetween(200L, 400L);
        }
        assertThat(DeploymentCaller.backoff(failover, 9, Optional.empty())).isEqualTo(Duration.ofSeconds(1));
        assertThat(DeploymentCaller.backoff(failover, 1, Optional.of(Duration.ofMillis(700))))
                .isEqualTo(Duration.ofMillis(700));
        assertThat(DeploymentCaller.backoff(failover, 1, Optional.of(Duration.ofSeconds(30))))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(FailoverConfig.DEFAULT.attempts(3)).isEqualTo(3);
        assertThat(failover.attempts(1)).isEqualTo(6);
    }
}
