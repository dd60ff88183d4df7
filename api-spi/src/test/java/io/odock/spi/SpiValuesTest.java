package io.odock.spi;

import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.UpstreamTarget;
import io.odock.spi.plugin.Durations;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpiValuesTest {
    @Test
    void secretsNeverPrint() {
        Secret secret = Secret.of("sk-live-123");
        UpstreamTarget target = UpstreamTarget.of("p", "https://x/v1/", secret, Duration.ofSeconds(1), "m");

        assertThat(secret.toString()).doesNotContain("sk-live");
        assertThat(target.toString()).doesNotContain("sk-live");
        assertThat(target.baseUrl()).isEqualTo("https://x/v1");
        assertThat(secret.reveal()).isEqualTo("sk-live-123");
        assertThat(Secret.of(null).isPresent()).isFalse();
    }

    @Test
    void requestsAreRebuiltWithoutLosingFields() {
        GatewayRequest request = GatewayRequest.builder().model("m").temperature(Optional.of(0.2)).stream(true).build();
        GatewayRequest routed = request.toBuilder()
                .upstream(UpstreamTarget.of("p", "http://x", Secret.none(), Duration.ofSeconds(1), "up")).build();

        assertThat(routed.temperature()).contains(0.2);
        assertThat(routed.stream()).isTrue();
        assertThat(routed.requireUpstream().model()).isEqualTo("up");
        assertThatThrownBy(request::requireUpstream).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void upstreamFailuresMapToStableCodes() {
        assertThat(UpstreamErrors.fromStatus("p", 400, Optional.of("bad"), Optional.empty()).status()).isEqualTo(400);
        assertThat(UpstreamErrors.fromStatus("p", 503, Optional.of("internal detail"), Optional.empty()))
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.code()).isEqualTo(ErrorCodes.UPSTREAM_ERROR);
                    assertThat(e.getMessage()).doesNotContain("internal detail");
                });
        assertThat(UpstreamErrors.fromStatus("p", 429, Optional.empty(), Optional.of(Duration.ofSeconds(3)))
                .retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(UpstreamErrors.fromIOException("p", new ConnectException()).code())
                .isEqualTo(ErrorCodes.UPSTREAM_UNREACHABLE);
        assertThat(UpstreamErrors.fromIOException("p", new SocketTimeoutException("t")).status()).isEqualTo(504);
        assertThat(UpstreamErrors.unreachable("p", true).getMessage()).contains("connect timeout");
        assertThat(UpstreamErrors.fromIOException("p", new IOException("reset")).code())
                .isEqualTo(ErrorCodes.UPSTREAM_ERROR);
        assertThat(UpstreamErrors.parseRetryAfter(Optional.of("Wed, 21 Oct 2015 07:28:00 GMT"))).isEmpty();
    }

    @Test
    void gatewayErrorsCarryStatusCodeAndDetails() {
        GatewayException error = GatewayException.invalidRequest("bad").withDetail("param", "model");

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
        assertThat(error.details()).containsEntry("param", "model");
        assertThatThrownBy(() -> new GatewayException(200, "x", "y")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durationsUseTheConfigurationNotation() {
        assertThat(Durations.parse("250ms")).contains(Duration.ofMillis(250));
        assertThat(Durations.parse("30s")).contains(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).contains(Duration.ofMinutes(5));
        assertThat(Durations.parse("2h")).contains(Duration.ofHours(2));
        assertThat(Durations.parse("12")).contains(Duration.ofSeconds(12));
        assertThat(Durations.parse("soon")).isEmpty();
        assertThat(Durations.parse("")).isEmpty();
    }

    @Test
    void theSpiKnowsItsVersion() {
        assertThat(SpiVersion.current()).matches("\\d+\\.\\d+\\.\\d+");
    }
}
