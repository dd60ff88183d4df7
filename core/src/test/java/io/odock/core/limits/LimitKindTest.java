package io.odock.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LimitKindTest {

    @Test
    void wireNamesRoundTripIgnoringCase() {
        for (LimitKind kind : LimitKind.values()) {
            assertThat(LimitKind.fromWireName(kind.wireName())).contains(kind);
            assertThat(LimitKind.fromWireName(" " + kind.wireName().toUpperCase() + " ")).contains(kind);
        }
        assertThat(LimitKind.fromWireName("tokens_per_minute")).contains(LimitKind.TOKENS_PER_MINUTE);
        assertThat(LimitKind.fromWireName("requests_per_hour")).isEmpty();
        assertThat(LimitKind.fromWireName(null)).isEmpty();
    }

    @Test
    void dayAndMonthKindsAreQuotasAndTokenKindsCountTokens() {
        assertThat(LimitKind.values()).filteredOn(LimitKind::isQuota).containsExactly(
                LimitKind.REQUESTS_PER_DAY, LimitKind.TOKENS_PER_DAY,
                LimitKind.REQUESTS_PER_MONTH, LimitKind.TOKENS_PER_MONTH);
        assertThat(LimitKind.values()).filteredOn(LimitKind::countsTokens).containsExactly(
                LimitKind.TOKENS_PER_MINUTE, LimitKind.TOKENS_PER_DAY, LimitKind.TOKENS_PER_MONTH);
    }
}
