package io.odock.core.limits;

import io.odock.core.testsupport.MutableClock;
import static io.odock.core.limits.Limiters.randomScope;
import static io.odock.core.limits.Limiters.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.odock.core.keys.Scope;
import io.odock.core.keys.ScopeKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimiterTest {

    private static final Instant MORNING = Instant.parse("2026-11-25T10:00:00Z");

    private final MutableClock clock = new MutableClock(MORNING);

    @ParameterizedTest
    @ValueSource(strings = {"local", "redis"})
    void requestsPerMinuteRefusesBeyondTheLimitUntilTimeRefills(String backend) {
        try (RateLimiter limiter = Limiters.open(backend, clock)) {
            List<LimitRule> rules = List.of(rule(randomScope(ScopeKind.API_KEY), LimitKind.REQUESTS_PER_MINUTE, 3));

            List<Long> remaining = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Admission admission = limiter.admit(rules, "gpt-4o", 0);
                assertThat(admission.refusal()).isEmpty();
                remaining.add(admission.outcomes().getFirst().remaining());
            }
            Admission fourth = limiter.admit(rules, "gpt-4o", 0);

            assertThat(remaining).containsExactly(2L, 1L, 0L);
            LimitOutcome refusal = fourth.refusal().orElseThrow();
            assertThat(refusal.exceeded()).isTrue();
            assertThat(refusal.remaining()).isZero();
            assertThat(refusal.resetAfter()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(60));
            assertThat(refusal.resetAfter()).isEqualTo(Duration.ofSeconds(20));

            clock.advance(Duration.ofSeconds(20));
            assertThat(limiter.admit(rules, "gpt-4o", 0).refusal()).isEmpty();
            assertThat(limiter.admit(rules, "gpt-4o", 0).refusal()).isPresent();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "redis"})
    void allowedMinuteOutcomeResetsWhenTheBucketWouldBeFull(String backend) {
        try (RateLimiter limiter = Limiters.open(backend, clock)) {
            List<LimitRule> rules = List.of(rule(randomScope(ScopeKind.USER), LimitKind.REQUESTS_PER_MINUTE, 4));

            LimitOutcome first = limiter.admit(rules, null, 0).outcomes().getFirst();

            assertThat(first.exceeded()).isFalse();
            assertThat(first.remaining()).isEqualTo(3);
            assertThat(first.resetAfter()).isEqualTo(Duration.ofSeconds(15));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "redis"})
    void tokensPerMinuteTakeTheEstimateAndSettleTheDifference(String backend) {
        try (RateLimiter limiter = Limiters.open(backend, clock)) {
            List<LimitRule> rules = List.of(rule(randomScope(ScopeKind.API_KEY), LimitKind.TOKENS_PER_MINUTE, 1000));

            Admission first = limiter.admit(rules, "m", 600);
            assertThat(first.refusal()).isEmpty();
            assertThat(first.outcomes().getFirst().remaining()).isEqualTo(400);

            Admission second = limiter.admit(rules, "m", 600);
            assertThat(second.refusal()).isPresent();
            assertThat(second.outcomes().getFirst().remaining()).isZero();
            limiter.settle(second, 50); // a refused admission took nothing, so settling it changes nothing

            limiter.settle(first, 100); // 500 of the 600 come back: 900 available
            Admission third = limiter.admit(rules, "m", 600);
            assertThat(third.refusal()).isEmpty();
            assertThat(third.outcomes().getFirst().remaining()).isEqualTo(300);

            limiter.settle(third, 1000); // 400 more than estimated: 300 - 400 = 100 in debt
            Admission fourth = limiter.admit(rules, "m", 0);
            assertThat(fourth.refusal()).isPresent();
            // 101 tokens missing at 1000 per minute: 6.06 s
            assertThat(fourth.refusal().orElseThrow().resetAfter()).isEqualTo(Duration.ofMillis(6060));

            clock.advance(Duration.ofMillis(6060));
            Admission fifth = limiter.admit(rules, "m", 1);
            assertThat(fifth.refusal()).isEmpty();
            assertThat(fifth.outcomes().getFirst().remaining()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "redis"})
    void anEstimateAboveTheLimitPassesAFullBucketOnce(String backend) {
        try (RateLimiter limiter = Limiters.open(backend, clock)) {
            List<LimitRule> rules = List.of(rule(randomScope(ScopeKind.TEAM), LimitKind.TOKENS_PER_MINUTE, 100));

            Admission huge = limiter.admit(rules, "m", 5000);

            assertThat(huge.refusal()).isEmpty();
            assertThat(huge.outcomes().getFirst().remaining()).isZero();
            assertThat(limiter.admit(rules, "m", 1).refusal()).isPresent();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "redis"})
    void aRefusedAdmissionGivesBackWhatItTookFromOtherRules(String backend) {
        try (RateLimiter limiter = Limiters.open(backend, clock)) {
            LimitRule keyRule = rule(randomScope(ScopeKind.API_KEY), LimitKind.REQUESTS_PER_MINUTE, 5);
            LimitRule teamRule = rule(randomScope(ScopeKind.TEAM), LimitKind.REQUESTS_PER_MINUTE, 1);
            LimitRule keyTokens = rule(keyRule.scope(), LimitKind.TOKENS_PER_MINUTE, 1000);
            List<LimitRule> rules = List.of(keyRule, keyTokens, teamRule);

            Admission first = limiter.admit(rules, "m", 300);
            Admission refused = limiter.admit(rules, "m", 300);

            assertThat(first.refusal()).isEmpty();
            assertThat(refused.refusal().orElseThrow().rule()).isEqualTo(teamRule);
            assertThat(refused.outcomes()).extracting(LimitOutcome::rule).containsExactly(keyRule, keyTokens, teamRule);
            assertThat(refused.outcomes()).extracting(LimitOutcome::remaining).containsExactly(4L, 700L, 0L);
            limiter.settle(refused, 300);

            Admission keyOnly = limiter.admit(List.of(keyRule, keyTokens), "m", 300);
            assertThat(keyOnly.outcomes()).extracting(LimitOutcome::remaining).containsExactly(3L, 400L);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "redis"})
    void anExceededShadowRuleIsReportedButDoesNotRefuse(String backend) {
        try (RateLimiter limiter = Limiters.open(backend, clock)) {
            Scope key = randomScope(ScopeKind.API_KEY);
            LimitRule shadow = new LimitRule(key, LimitKind.REQUESTS_PER_MINUTE, 1, Optional.empty(), true);
            LimitRule enforced = rule(randomScope(ScopeKind.ORGANIZATION), LimitKind.REQUESTS_PER_MINUTE, 10);
            List<LimitRule> rules = List.of(shadow, enforced);

            Admission first = limiter.admit(rules, "m", 0);
            Admission second = limiter.admit(rules, "m", 0);

            assertThat(first.shadowExceeded()).isEmpty();
            assertThat(second.refusal()).isEmpty();
            assertThat(second.shadowExceeded()).extracting(LimitOutcome::rule).containsExactly(shadow);
            assertThat(second.tightest(false).orElseThrow().rule()).isEqualTo(enforced);
            assertThat(second.tightest(false).orElseThrow().remaining()).isEqualTo(8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "redis"})
    void aModelRuleCountsOnlyMatchingModelsInItsOwnBucket(String backend) {
        try (RateLimiter limiter = Limiters.open(backend, clock)) {
            Scope key = randomScope(ScopeKind.API_KEY);
            LimitRule gpt4 = new LimitRule(key, LimitKind.REQUESTS_PER_MINUTE, 1, Optional.of("gpt-4*"), false);
            LimitRule exact = new LimitRule(key, LimitKind.REQUESTS_PER_MINUTE, 1, Optional.of("claude-3"), false);
            LimitRule everything = rule(key, LimitKind.REQUESTS_PER_MINUTE, 100);
            List<LimitRule> rules = List.of(gpt4, exact, everything);

            Admission first = limiter.admit(rules, "gpt-4o", 0);
            Admission sameFamily = limiter.admit(rules, "gpt-4o-mini", 0);
            Admission other = limiter.admit(rules, "claude-3-opus", 0);

            assertThat(first.outcomes()).extracting(LimitOutcome::rule).containsExactly(gpt4, everything);
            assertThat(first.refusal()).isEmpty();
            assertThat(sameFamily.refusal().orElseThrow().rule()).isEqualTo(gpt4);
            assertThat(other.outcomes()).extracting(LimitOutcome::rule).containsExactly(everything);
            assertThat(other.refusal()).isEmpty();
            // the model rule's bucket is separate from the unrestricted one: 100 - first - other
            assertThat(other.outcomes().getFirst().remaining()).isEqualTo(98);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "redis"})
    void aDayQuotaRefusesUntilTheDayEndsInTheQuotaZone(String backend) {
        clock.advance(Duration.between(MORNING, Instant.parse("2026-11-25T22:30:00Z"))); // 23:30 in Paris
        try (RateLimiter limiter = Limiters.open(backend, clock)) {
            List<LimitRule> rules = List.of(rule(randomScope(ScopeKind.USER), LimitKind.REQUESTS_PER_DAY, 2));

            Admission first = limiter.admit(rules, "m", 0);
            limiter.admit(rules, "m", 0);
            Admission third = limiter.admit(rules, "m", 0);

            assertThat(first.outcomes().getFirst().remaining()).isEqualTo(1);
            assertThat(first.outcomes().getFirst().resetAfter()).isEqualTo(Duration.ofMinutes(30));
            LimitOutcome refusal = third.refusal().orElseThrow();
            assertThat(refusal.remaining()).isZero();
            assertThat(refusal.resetAfter()).isEqualTo(Duration.ofMinutes(30));

            clock.advance(Duration.ofMinutes(29));
            assertThat(limiter.admit(rules, "m", 0).refusal()).isPresent();
            clock.advance(Duration.ofMinutes(1)); // midnight in Paris
            Admission nextDay = limiter.admit(rules, "m", 0);
            assertThat(nextDay.refusal()).isEmpty();
            assertThat(nextDay.outcomes().getFirst().remaining()).isEqualTo(1);
            assertThat(nextDay.outcomes().getFirst().resetAfter()).isEqualTo(Duration.ofHours(24));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "redis"})
    void aTokenQuotaSettlesInTheWindowItWasAdmittedIn(String backend) {
        clock.advance(Duration.between(MORNING, Instant.parse("2026-11-25T22:59:00Z"))); // 23:59 in Paris
        try (RateLimiter limiter = Limiters.open(backend, clock)) {
            List<LimitRule> rules = List.of(rule(randomScope(ScopeKind.TEAM), LimitKind.TOKENS_PER_DAY, 1000));

            Admission lateEvening = limiter.admit(rules, "m", 100);
            clock.advance(Duration.ofMinutes(2)); // the response ends after midnight
            limiter.settle(lateEvening, 900);
            Admission nextDay = limiter.admit(rules, "m", 100);

            assertThat(nextDay.outcomes().getFirst().remaining()).isEqualTo(900);
            clock.advance(Duration.ofMinutes(-2));
            Admission backInTheOldDay = limiter.admit(rules, "m", 100);
            assertThat(backInTheOldDay.outcomes().getFirst().remaining()).isZero(); // 1000 - 900 - 100
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "redis"})
    void theLongestResetRefusesSoRetryAfterIsHonest(String backend) {
        try (RateLimiter limiter = Limiters.open(backend, clock)) {
            Scope key = randomScope(ScopeKind.API_KEY);
            LimitRule perMinute = rule(key, LimitKind.REQUESTS_PER_MINUTE, 1);
            LimitRule perMonth = rule(key, LimitKind.REQUESTS_PER_MONTH, 1);
            List<LimitRule> rules = List.of(perMinute, perMonth);

            limiter.admit(rules, "m", 0);
            Admission refused = limiter.admit(rules, "m", 0);

            assertThat(refused.outcomes()).allMatch(LimitOutcome::exceeded);
            assertThat(refused.refusal().orElseThrow().rule()).isEqualTo(perMonth);
            // 2026-11-25 11:00 Paris to 2026-12-01 00:00 Paris
            assertThat(refused.refusal().orElseThrow().resetAfter()).isEqualTo(Duration.ofDays(5).plusHours(13));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "redis"})
    void concurrentRequestsAreAdmittedExactlyUpToTheLimit(String backend) throws Exception {
        try (RateLimiter limiter = Limiters.open(backend, clock)) {
            List<LimitRule> rules = List.of(rule(randomScope(ScopeKind.API_KEY), LimitKind.REQUESTS_PER_MINUTE, 20));
            int threads = 64;
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                tasks.add(() -> {
                    start.await();
                    return limiter.admit(rules, "m", 0).refusal().isEmpty();
                });
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (Callable<Boolean> task : tasks) {
                    results.add(pool.submit(task));
                }
                start.countDown();
                int admitted = 0;
                for (Future<Boolean> result : results) {
                    admitted += result.get() ? 1 : 0;
                }
                assertThat(admitted).isEqualTo(20);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "redis"})
    void aChangedLimitTakesEffectAndKeepsWhatWasUsed(String backend) {
        try (RateLimiter limiter = Limiters.open(backend, clock)) {
            Scope key = randomScope(ScopeKind.API_KEY);
            List<LimitRule> two = List.of(rule(key, LimitKind.REQUESTS_PER_DAY, 2));
            List<LimitRule> five = List.of(rule(key, LimitKind.REQUESTS_PER_DAY, 5));
            List<LimitRule> one = List.of(rule(key, LimitKind.REQUESTS_PER_DAY, 1));

            assertThat(admittedOf(limiter, two, 3)).isEqualTo(2);
            assertThat(admittedOf(limiter, five, 5)).isEqualTo(3); // 2 of 5 used already
            assertThat(admittedOf(limiter, one, 2)).isZero();
            assertThat(limiter.admit(one, "m", 0).refusal().orElseThrow().rule().limit()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "redis"})
    void aLoweredMinuteLimitCapsTheBucket(String backend) {
        try (RateLimiter limiter = Limiters.open(backend, clock)) {
            Scope key = randomScope(ScopeKind.API_KEY);

            assertThat(admittedOf(limiter, List.of(rule(key, LimitKind.REQUESTS_PER_MINUTE, 10)), 1)).isEqualTo(1);
            assertThat(admittedOf(limiter, List.of(rule(key, LimitKind.REQUESTS_PER_MINUTE, 3)), 5)).isEqualTo(3);
        }
    }

    @Test
    void twoRedisLimitersEnforceOneLimitTogether() {
        try (RateLimiter first = Limiters.open("redis", clock); RateLimiter second = Limiters.open("redis", clock)) {
            List<LimitRule> rules = List.of(rule(randomScope(ScopeKind.API_KEY), LimitKind.REQUESTS_PER_MINUTE, 4));

            int admitted = 0;
            for (int i = 0; i < 5; i++) {
                admitted += first.admit(rules, "m", 0).refusal().isEmpty() ? 1 : 0;
                admitted += second.admit(rules, "m", 0).refusal().isEmpty() ? 1 : 0;
            }

            assertThat(admitted).isEqualTo(4);
        }
    }

    @Test
    void backendsNameThemselves() {
        try (RateLimiter local = Limiters.open("local", clock); RateLimiter redis = Limiters.open("redis", clock)) {
            assertThat(local.backend()).isEqualTo("local");
            assertThat(redis.backend()).isEqualTo("redis");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "redis"})
    void noRulesAdmitWithNothingToSettle(String backend) {
        try (RateLimiter limiter = Limiters.open(backend, clock)) {
            Admission admission = limiter.admit(List.of(), "m", 10);

            assertThat(admission.outcomes()).isEmpty();
            assertThat(admission.refusal()).isEmpty();
            limiter.settle(admission, 100);
            limiter.settle(Admission.none(), 100);
        }
    }

    private static int admittedOf(RateLimiter limiter, List<LimitRule> rules, int attempts) {
        int admitted = 0;
        for (int i = 0; i < attempts; i++) {
            admitted += limiter.admit(rules, "m", 0).refusal().isEmpty() ? 1 : 0;
        }
        return admitted;
    }
}
