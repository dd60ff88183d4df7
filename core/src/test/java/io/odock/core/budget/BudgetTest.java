package io.odock.core.budget;

import io.odock.core.keys.Scope;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BudgetTest {

    private static Budget withWarnings(long amount, List<Integer> percents) {
        return new Budget(Scope.apiKey("k"), amount, "USD", BudgetPeriod.DAILY, ZoneOffset.UTC, percents, false);
    }

    @Test
    void acceptsSortedDistinctPercents() {
        assertThat(withWarnings(0, List.of(1, 50, 100)).warnAtPercent()).containsExactly(1, 50, 100);
    }

    @Test
    void rejectsNegativeAmountsAndBadThresholds() {
        assertThatThrownBy(() -> withWarnings(-1, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> withWarnings(1, List.of(0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> withWarnings(1, List.of(101))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> withWarnings(1, List.of(80, 50))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> withWarnings(1, List.of(50, 50))).isInstanceOf(IllegalArgumentException.class);
    }
}
