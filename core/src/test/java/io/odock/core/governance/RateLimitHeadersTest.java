package io.odock.core.governance;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitHeadersTest {

    @Test
    void writesResetsTheWayOpenAiDoes() {
        assertThat(RateLimitHeaders.duration(Duration.ofMillis(20))).isEqualTo("20ms");
        assertThat(RateLimitHeaders.duration(Duration.ofMillis(1500))).isEqualTo("2s");
        assertThat(RateLimitHeaders.duration(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(RateLimitHeaders.duration(Duration.ofHours(2))).isEqualTo("2h0m0s");
        assertThat(RateLimitHeaders.duration(Duration.ofSeconds(-3))).isEqualTo("0ms");
    }
}
