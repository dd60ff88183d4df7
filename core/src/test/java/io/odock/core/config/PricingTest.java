package io.odock.core.config;

import io.odock.spi.model.Usage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PricingTest {

    @Test
    void cachedTokensCostTheirOwnPriceWhenOneIsSet() {
        Pricing anthropicLike = new Pricing(new BigDecimal("3"), new BigDecimal("15"),
                Optional.of(new BigDecimal("0.30")), Optional.of(new BigDecimal("3.75")));
        // 1M input of which 400k read from cache and 100k written to it, plus 1M output.
        Usage usage = Usage.of(1_000_000, 1_000_000, 400_000, 100_000, null);

        BigDecimal expected = new BigDecimal("1.5")      // 500k uncached input at $3
                .add(new BigDecimal("0.12"))             // 400k cache reads at $0.30
                .add(new BigDecimal("0.375"))            // 100k cache writes at $3.75
                .add(new BigDecimal("15"));              // 1M output at $15
        assertThat(anthropicLike.cost(usage)).isEqualByComparingTo(expected);
    }

    @Test
    void cachedTokensCostTheInputPriceWithoutCachePrices() {
        Pricing plain = new Pricing(new BigDecimal("2"), new BigDecimal("8"));

        assertThat(plain.cost(Usage.of(1_000_000, 0, 600_000, 0, null))).isEqualByComparingTo(new BigDecimal("2"));
    }

    @Test
    void costsAreExactNanosRoundedUpOnceAtTheEnd() {
        // Each token costs 0.4 nano-units; rounding each part would charge 2, the exact sum of 0.8 rounds to 1.
        Pricing tiny = new Pricing(new BigDecimal("0.0004"), new BigDecimal("0.0004"));
        assertThat(tiny.costNanos(Usage.of(1, 1))).isEqualTo(1);
        assertThat(tiny.costNanos(Usage.of(0, 0))).isZero();

        Pricing gpt = new Pricing(new BigDecimal("2.50"), new BigDecimal("10"));
        // 1,234 input at $2.50/M = 0.003085; 567 output at $10/M = 0.00567.
        assertThat(gpt.costNanos(Usage.of(1_234, 567))).isEqualTo(8_755_000);
        assertThat(gpt.cost(Usage.of(1_234, 567))).isEqualByComparingTo(new BigDecimal("0.008755"));
        // A third of a nano-unit still costs a whole one.
        Pricing third = new Pricing(new BigDecimal("0.000333333"), BigDecimal.ZERO);
        assertThat(third.costNanos(Usage.of(1, 0))).isEqualTo(1);
    }

    @Test
    void imagesAndAudioSecondsHaveTheirOwnPrices() {
        Pricing media = new Pricing(new BigDecimal("1"), new BigDecimal("2"), Optional.empty(), Optional.empty(),
                Optional.of(new BigDecimal("0.04")), Optional.of(new BigDecimal("0.0001")));
        Usage usage = Usage.of(1_000, 0).withMedia(3, 60);
        // 0.001 for input + 3 x 0.04 + 60 x 0.0001
        assertThat(media.costNanos(usage)).isEqualTo(1_000_000 + 120_000_000 + 6_000_000);
        // Without media prices, media usage costs nothing extra.
        assertThat(new Pricing(new BigDecimal("1"), new BigDecimal("2")).costNanos(usage)).isEqualTo(1_000_000);
    }

    @Test
    void theMaximumCostPricesEveryInputTokenAtTheDearestInputPrice() {
        Pricing anthropicLike = new Pricing(new BigDecimal("3"), new BigDecimal("15"),
                Optional.of(new BigDecimal("0.30")), Optional.of(new BigDecimal("3.75")));
        // 1,000 input at $3.75/M + 500 output at $15/M = 0.00375 + 0.0075
        assertThat(anthropicLike.maxCostNanos(1_000, 500)).isEqualTo(11_250_000);
        Pricing plain = new Pricing(new BigDecimal("2"), new BigDecimal("8"));
        assertThat(plain.maxCostNanos(1_000_000, 0)).isEqualTo(2_000_000_000L);
        // Never below what the call can actually cost, however the input splits between cache buckets.
        Usage worst = Usage.of(1_000, 500, 0, 1_000, null);
        assertThat(anthropicLike.maxCostNanos(1_000, 500)).isGreaterThanOrEqualTo(anthropicLike.costNanos(worst));
    }

    @Test
    void describesOnlyThePricesThatAreSet() {
        assertThat(new Pricing(new BigDecimal("2.50"), new BigDecimal("10")).describe())
                .containsExactly(java.util.Map.entry("input_per_mtok", "2.50"),
                        java.util.Map.entry("output_per_mtok", "10"));
        Pricing full = new Pricing(new BigDecimal("3"), new BigDecimal("15"), Optional.of(new BigDecimal("0.30")),
                Optional.of(new BigDecimal("3.75")), Optional.of(new BigDecimal("0.04")),
                Optional.of(new BigDecimal("1E-4")));
        assertThat(full.describe()).containsEntry("cache_read_per_mtok", "0.30")
                .containsEntry("cache_write_per_mtok", "3.75").containsEntry("per_image", "0.04")
                .containsEntry("per_audio_second", "0.0001").hasSize(6);
    }
}
