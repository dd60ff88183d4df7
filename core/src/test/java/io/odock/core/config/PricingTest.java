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
}
