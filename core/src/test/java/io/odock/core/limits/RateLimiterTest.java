package io.odock.core.limits;

import io.odock.core.keys.Scope;
import io.odock.core.keys.ScopeKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The limiter on both backends: buckets in memory, and buckets in the real Redis at 127.0.0.1:6379 (which
 * {@code .ci/run} starts). Every test uses fresh scope ids, so runs never share a bucket.
 */
class RateLimiterTest {
    private static final String REDIS = "redis://127.0.0.1:6379";

    /** A clock tests move by hand; it starts at the real time so Redis expirations stay sane. */
    static final class TestClock extends Clock {
        private final AtomicReference<Instant> now;

        TestClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advance(Duration duration) {
            now.updateAndGet(instant -> instant.plus(duration));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    private static RateLimiter open(String backend, Clock clock) {
        return open(backend, clock, ZoneOffset.UTC);
    }

    private static RateLimiter open(String backend, Clock clock, ZoneId zone) {
        return RateLimiters.open(new LimiterSettings(backend.equals("redis") ? LimiterSettings.Backend.REDIS
                : LimiterSettings.Backend.LOCAL, backend.equals("redis") ? Optional.of(REDIS) : Optional.empty(),
                Duration.ofSeconds(2), zone, clock));
    }

    private static Scope key() {
        return Scope.apiKey("key_" + UUID.randomUUID());
    }

    private static LimitRule rule(Scope scope, LimitKind kind, long limit) {
        return new LimitRule(scope, kind, limit, Optional.empty(), false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "redis"})
    void requestsPerMinuteRefuseTheRequestOverTheLimitAndRefill(String backend) {
        TestClock clock = new TestClock(Instant.now());
        try (RateLimiter limiter = open(backend, clock)) {
            List<LimitRule> rules = List.of(rule(key(), LimitKind.REQUESTS_PER_MINUTE, 3));
            for (int expectedRemaining = 2; expectedRemaining >= 0; expectedRemaining--) {
                Admission admitted = limiter.admit(rules, "m", 0);
                assertThat(admitted.refusal()).isEmpty();
                assertThat(admitted.tightest(false).orElseThrow().remaining()).isEqualTo(expectedRemaining);
            }
            Admission refused = limiter.admit(rules, "m", 0);
            LimitOutcome refusal = refused.refusal().orElseThrow();
            assertThat(refusal.remaining()).isZero();
            assertThat(refusal.resetAfter()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(60));

            clock.advance(Duration.ofSeconds(20));
            assertThat(limiter.admit(rules, "m", 0).refusal()).isEmpty();
            assertThat(limiter.admit(rules, "m", 0).refusal()).isPresent();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "redis"})
    void tokensTakeTheEstimateAndSettleToTheRealUsage(String backend) {
        try (RateLimiter limiter = open(backend, new TestClock(Instant.now()))) {
            List<LimitRule> rules = List.of(rule(key(), LimitKind.TOKENS_PER_MINUTE, 1000));
            Admission first = limiter.admit(rules, "m", 600);
            assertThat(first.refusal()).isEmpty();
            assertThat(first.tightest(true).orElseThrow().remaining()).isEqualTo(400);
            assertThat(limiter.admit(rules, "m", 600).refusal()).isPresent();

            limiter.settle(first, 100);
            Admission second = limiter.admit(rules, "m", 600);
            assertThat(second.refusal()).isEmpty();
            assertThat(second.tightest(true).orElseThrow().remaining()).isEqualTo(300);

            // More than estimated is taken too, into debt.
            limiter.settle(second, 1500);
            Admission third = limiter.admit(rules, "m", 1);
            assertThat(third.refusal()).isPresent();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "redis"})
    void aRefusedRequestGivesBackWhatItTookFromTheOtherRules(String backend) {
        try (RateLimiter limiter = open(backend, new TestClock(Instant.now()))) {
            Scope key = key();
            Scope team = new Scope(ScopeKind.TEAM, "team-" + UUID.randomUUID());
            List<LimitRule> rules = List.of(rule(key, LimitKind.REQUESTS_PER_MINUTE, 10),
                    rule(team, LimitKind.REQUESTS_PER_MINUTE, 1));
            assertThat(limiter.admit(rules, "m", 0).refusal()).isEmpty();
            Admission refused = limiter.admit(rules, "m", 0);
            assertThat(refused.refusal().orElseThrow().rule().scope()).isEqualTo(team);

            Admission keyOnly = limiter.admit(List.of(rule(key, LimitKind.REQUESTS_PER_MINUTE, 10)), "m", 0);
            // One request counted (the admitted one), not two.
            assertThat(keyOnly.tightest(false).orElseThrow().remaining()).isEqualTo(8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "redis"})
    void shadowRulesReportWithoutRefusingAndModelRulesCountApart(String backend) {
        try (RateLimiter limiter = open(backend, new TestClock(Instant.now()))) {
            Scope key = key();
            LimitRule shadow = new LimitRule(key, LimitKind.REQUESTS_PER_MINUTE, 1, Optional.empty(), true);
            LimitRule perModel = new LimitRule(key, LimitKind.REQUESTS_PER_MINUTE, 1, Optional.of("gpt-4o*"), false);
            List<LimitRule> rules = List.of(shadow, perModel);

            assertThat(limiter.admit(rules, "gpt-4o-mini", 0).refusal()).isEmpty();
            Admission second = limiter.admit(rules, "claude", 0);
            assertThat(second.refusal()).isEmpty();
            assertThat(second.shadowExceeded()).extracting(LimitOutcome::rule).containsExactly(shadow);
            assertThat(second.outcomes()).extracting(LimitOutcome::rule).doesNotContain(perModel);
            assertThat(limiter.admit(rules, "gpt-4o", 0).refusal().orElseThrow().rule()).isEqualTo(perModel);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "redis"})
    void dailyQuotasEndWithTheirDayInTheConfiguredZone(String backend) {
        ZoneId paris = ZoneId.of("Europe/Paris");
        TestClock clock = new TestClock(Instant.now().atZone(paris).toLocalDate().atTime(23, 0).atZone(paris)
                .toInstant());
        try (RateLimiter limiter = open(backend, clock, paris)) {
            List<LimitRule> rules = List.of(rule(key(), LimitKind.REQUESTS_PER_DAY, 2));
            assertThat(limiter.admit(rules, "m", 0).refusal()).isEmpty();
            assertThat(limiter.admit(rules, "m", 0).refusal()).isEmpty();
            LimitOutcome refused = limiter.admit(rules, "m", 0).refusal().orElseThrow();
            assertThat(refused.rule().kind().isQuota()).isTrue();
            assertThat(refused.resetAfter()).isEqualTo(Duration.ofHours(1));

            clock.advance(Duration.ofMinutes(61));
            assertThat(limiter.admit(rules, "m", 0).refusal()).isEmpty();
        }
    }

    @Test
    void monthlyWindowsAreNamedByMonthAndEndOnTheFirst() {
        QuotaWindow window = QuotaWindow.of(LimitKind.Window.MONTH, Instant.parse("2026-11-25T10:00:00Z"),
                ZoneOffset.UTC);
        assertThat(window.id()).isEqualTo("2026-11");
        assertThat(window.end()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(QuotaWindow.of(LimitKind.Window.DAY, Instant.parse("2026-11-25T23:30:00Z"), ZoneId.of("Asia/Tokyo"))
                .id()).isEqualTo("2026-11-26");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "redis"})
    void concurrentRequestsNeverPassTheLimit(String backend) throws Exception {
        try (RateLimiter limiter = open(backend, Clock.systemUTC())) {
            List<LimitRule> rules = List.of(rule(key(), LimitKind.REQUESTS_PER_MINUTE, 20));
            AtomicInteger admitted = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            try (ExecutorService threads = Executors.newFixedThreadPool(16)) {
                for (int i = 0; i < 64; i++) {
                    threads.submit(() -> {
                        start.await();
                        if (limiter.admit(rules, "m", 0).refusal().isEmpty()) {
                            admitted.incrementAndGet();
                        }
                        return null;
                    });
                }
                start.countDown();
                threads.shutdown();
                assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            }
            // A few may refill while the threads run (20 per minute is one every 3 s); none beyond that.
            assertThat(admitted.get()).isBetween(20, 21);
        }
    }

    @Test
    void twoInstancesOnOneRedisEnforceOneLimitTogether() {
        Scope key = key();
        List<LimitRule> rules = List.of(rule(key, LimitKind.REQUESTS_PER_MINUTE, 4));
        try (RateLimiter first = open("redis", Clock.systemUTC()); RateLimiter second = open("redis", Clock.systemUTC())) {
            assertThat(first.admit(rules, "m", 0).refusal()).isEmpty();
            assertThat(second.admit(rules, "m", 0).refusal()).isEmpty();
            assertThat(first.admit(rules, "m", 0).refusal()).isEmpty();
            assertThat(second.admit(rules, "m", 0).refusal()).isEmpty();
            assertThat(first.admit(rules, "m", 0).refusal()).isPresent();
            assertThat(second.admit(rules, "m", 0).refusal()).isPresent();
        }
    }

    @Test
    void anUnreachableRedisFailsFastAndTheLimiterStillOpens() {
        long started = System.nanoTime();
        try (RateLimiter limiter = RateLimiters.open(new LimiterSettings(LimiterSettings.Backend.REDIS,
                Optional.of("redis://127.0.0.1:1"), Duration.ofMillis(300), ZoneOffset.UTC, Clock.systemUTC()))) {
            assertThat(limiter.healthy()).isFalse();
            assertThatThrownBy(() -> limiter.admit(List.of(rule(key(), LimitKind.REQUESTS_PER_MINUTE, 1)), "m", 0))
                    .isInstanceOf(LimitBackendUnavailableException.class);
            assertThat(limiter.admit(List.of(), "m", 0).outcomes()).isEmpty();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "redis"})
    void aChangedLimitTakesEffectAtOnce(String backend) {
        try (RateLimiter limiter = open(backend, new TestClock(Instant.now()))) {
            Scope key = key();
            assertThat(limiter.admit(List.of(rule(key, LimitKind.REQUESTS_PER_MINUTE, 1)), "m", 0).refusal()).isEmpty();
            assertThat(limiter.admit(List.of(rule(key, LimitKind.REQUESTS_PER_MINUTE, 1)), "m", 0).refusal())
                    .isPresent();
            assertThat(limiter.admit(List.of(rule(key, LimitKind.REQUESTS_PER_MINUTE, 5)), "m", 0).refusal()).isEmpty();
        }
    }

    @Test
    void localBucketsAreForgottenOnceExpired() {
        TestClock clock = new TestClock(Instant.now());
        LocalBuckets buckets = new LocalBuckets(clock);
        try (RateLimiter limiter = new BucketRateLimiter(buckets, clock, ZoneOffset.UTC)) {
            limiter.admit(List.of(rule(key(), LimitKind.REQUESTS_PER_MINUTE, 5)), "m", 0);
            limiter.admit(List.of(rule(key(), LimitKind.REQUESTS_PER_DAY, 5)), "m", 0);
            assertThat(buckets.size()).isEqualTo(2);
            clock.advance(Duration.ofMinutes(2));
            buckets.sweep();
            assertThat(buckets.size()).isEqualTo(1);
            clock.advance(Duration.ofDays(1));
            buckets.sweep();
            assertThat(buckets.size()).isZero();
        }
    }
}
