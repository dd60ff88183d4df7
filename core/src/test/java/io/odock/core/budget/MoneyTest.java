package io.odock.core.budget;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    @Test
    void parsesDecimalsExactly() {
        assertThat(Money.parse("12.5")).isEqualTo(12_500_000_000L);
        assertThat(Money.parse("0")).isZero();
        assertThat(Money.parse(" 7 ")).isEqualTo(7_000_000_000L);
        assertThat(Money.parse("0.000000001")).isEqualTo(1);
        assertThat(Money.parse("0.100000000")).isEqualTo(100_000_000);
        assertThat(Money.parse("9223372036.854775807")).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-0.5", "0.0000000001", "abc", "1e3", "+5", "1.", ".5", "1,5", "",
            "9223372036.854775808", "100000000000"})
    void rejectsWhatIsNotAnExactNonNegativeAmount(String text) {
        assertThatThrownBy(() -> Money.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("amount");
    }

    @Test
    void explainsWhyAnAmountIsRejected() {
        assertThatThrownBy(() -> Money.parse("-1")).hasMessageContaining("negative");
        assertThatThrownBy(() -> Money.parse("0.0000000001")).hasMessageContaining("9 decimals");
        assertThatThrownBy(() -> Money.parse("100000000000")).hasMessageContaining("too large");
        assertThatThrownBy(() -> Money.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsWithAtLeastTwoDecimalsAndNoTrailingZerosBeyond() {
        assertThat(Money.format(12_500_000_000L)).isEqualTo("12.50");
        assertThat(Money.format(1)).isEqualTo("0.000000001");
        assertThat(Money.format(0)).isEqualTo("0.00");
        assertThat(Money.format(3_000_000_000L)).isEqualTo("3.00");
        assertThat(Money.format(1_234_000_000L)).isEqualTo("1.234");
        assertThat(Money.format(10_000_000_000L)).isEqualTo("10.00");
        assertThat(Money.format(Long.MAX_VALUE)).isEqualTo("9223372036.854775807");
    }

    @Test
    void roundTrips() {
        for (String text : new String[]{"0.01", "12.50", "0.000000001", "123456.789"}) {
            assertThat(Money.format(Money.parse(text))).isEqualTo(text);
        }
        assertThat(Money.toDecimal(12_500_000_000L)).isEqualByComparingTo(new BigDecimal("12.5"));
    }
}
