package io.odock.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.odock.core.keys.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    private static final Scope KEY = Scope.apiKey("k1");

    @Test
    void noneRefusesNothingAndHasNoTightest() {
        Admission none = Admission.none();

        assertThat(none.outcomes()).isEmpty();
        assertThat(none.estimatedTokens()).isZero();
        assertThat(none.refusal()).isEmpty();
        assertThat(none.shadowExceeded()).isEmpty();
        assertThat(none.tightest(false)).isEmpty();
    }

    @Test
    void theRefusalIsTheEnforcedExceededOutcomeResettingLast() {
        LimitOutcome minute = exceeded(rule(LimitKind.REQUESTS_PER_MINUTE, false), Duration.ofSeconds(30));
        LimitOutcome shadowMonth = exceeded(rule(LimitKind.REQUESTS_PER_MONTH, true), Duration.ofDays(9));
        LimitOutcome day = exceeded(rule(LimitKind.TOKENS_PER_DAY, false), Duration.ofHours(3));
        Admission admission = new Admission(List.of(minute, shadowMonth, day), 10, List.of());

        assertThat(admission.refusal()).contains(day);
        assertThat(admission.shadowExceeded()).containsExactly(shadowMonth);
    }

    @Test
    void theTightestHasTheLeastRemainingThenTheShortestWindow() {
        LimitOutcome minuteRequests = allowed(rule(LimitKind.REQUESTS_PER_MINUTE, false), 4);
        LimitOutcome dayRequests = allowed(rule(LimitKind.REQUESTS_PER_DAY, false), 4);
        LimitOutcome shadowRequests = allowed(rule(LimitKind.REQUESTS_PER_MINUTE, true), 1);
        LimitOutcome monthTokens = allowed(rule(LimitKind.TOKENS_PER_MONTH, false), 50);
        LimitOutcome minuteTokens = allowed(rule(LimitKind.TOKENS_PER_MINUTE, false), 80);
        Admission admission = new Admission(
                List.of(dayRequests, minuteRequests, shadowRequests, minuteTokens, monthTokens), 10, List.of());

        assertThat(admission.tightest(false)).contains(minuteRequests);
        assertThat(admission.tightest(true)).contains(monthTokens);
    }

    private static LimitRule rule(LimitKind kind, boolean shadow) {
        return new LimitRule(KEY, kind, 100, Optional.empty(), shadow);
    }

    private static LimitOutcome exceeded(LimitRule rule, Duration resetAfter) {
        return new LimitOutcome(rule, true, 0, resetAfter);
    }

    private static LimitOutcome allowed(LimitRule rule, long remaining) {
        return new LimitOutcome(rule, false, remaining, Duration.ofSeconds(1));
    }
}
