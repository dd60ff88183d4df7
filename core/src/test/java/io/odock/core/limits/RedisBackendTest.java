package io.odock.core.limits;

import io.odock.core.testsupport.MutableClock;
import static io.odock.core.limits.Limiters.randomScope;
import static io.odock.core.limits.Limiters.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.odock.core.keys.ScopeKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedisBackendTest {

    private static final String NOBODY_LISTENS = "redis://:secret@127.0.0.1:1";

    @Test
    void anUnreachableRedisStillOpensButRefusesToJudgeQuickly() {
        LimiterSettings settings = new LimiterSettings(LimiterSettings.Backend.REDIS, Optional.of(NOBODY_LISTENS),
                Duration.ofMillis(500), ZoneOffset.UTC, Clock.systemUTC());
        List<LimitRule> rules = List.of(rule(randomScope(ScopeKind.API_KEY), LimitKind.REQUESTS_PER_MINUTE, 5));

        try (RateLimiter limiter = RateLimiters.open(settings)) {
            assertThat(limiter.backend()).isEqualTo("redis");
            assertThat(limiter.healthy()).isFalse();
            long start = System.nanoTime();
            assertThatThrownBy(() -> limiter.admit(rules, "m", 0))
                    .isInstanceOf(LimitBackendUnavailableException.class)
                    .message().doesNotContain("secret");
            assertThatThrownBy(() -> limiter.admit(rules, "m", 0))
                    .isInstanceOf(LimitBackendUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void settlingAgainstAnUnreachableRedisDoesNotThrow() {
        LimiterSettings settings = new LimiterSettings(LimiterSettings.Backend.REDIS, Optional.of(NOBODY_LISTENS),
                Duration.ofMillis(500), ZoneOffset.UTC, Clock.systemUTC());
        LimitRule tokens = rule(randomScope(ScopeKind.API_KEY), LimitKind.TOKENS_PER_MINUTE, 100);
        BucketSpec bucket = BucketSpec.forRule(tokens, Instant.now(), ZoneOffset.UTC);
        Admission admitted = new Admission(List.of(), 10, List.of(new TokenCharge(bucket, 10)));

        try (RateLimiter limiter = RateLimiters.open(settings)) {
            limiter.settle(admitted, 50);
            limiter.settle(admitted, 0);
        }
    }

    @Test
    void bucketsExpireInRedis() {
        MutableClock clock = new MutableClock(Instant.now());
        LimitRule perMinute = rule(randomScope(ScopeKind.API_KEY), LimitKind.REQUESTS_PER_MINUTE, 60);
        LimitRule perDay = rule(perMinute.scope(), LimitKind.REQUESTS_PER_DAY, 60);

        try (RateLimiter limiter = Limiters.open("redis", clock);
             RedisClient client = RedisClient.create(Limiters.REDIS_URL);
             StatefulRedisConnection<String, String> redis = client.connect()) {
            limiter.admit(List.of(perMinute, perDay), "m", 0);

            String minuteKey = BucketSpec.forRule(perMinute, clock.instant(), Limiters.PARIS).name();
            String dayKey = BucketSpec.forRule(perDay, clock.instant(), Limiters.PARIS).name();
            assertThat(redis.sync().exists(minuteKey, dayKey)).isEqualTo(2);
            // one token missing at 60 per minute refills in a second, plus the margin
            assertThat(redis.sync().pttl(minuteKey)).isBetween(1L, Duration.ofSeconds(31).toMillis());
            assertThat(redis.sync().pttl(dayKey)).isBetween(Duration.ofHours(25).toMillis(),
                    Duration.ofHours(26).toMillis());
        }
    }
}
