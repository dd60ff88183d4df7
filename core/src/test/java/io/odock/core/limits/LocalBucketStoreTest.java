package io.odock.core.limits;

import io.odock.core.testsupport.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.odock.core.keys.Scope;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalBucketStoreTest {

    private static final ZoneId UTC = ZoneOffset.UTC;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T23:45:00Z"));
    private final LocalBucketStore store = new LocalBucketStore(clock);

    @Test
    void endedQuotaWindowsAndFullIdleMinuteBucketsAreSweptAway() {
        BucketSpec quota = spec("k1", LimitKind.REQUESTS_PER_DAY, 5);
        BucketSpec idle = spec("k2", LimitKind.REQUESTS_PER_MINUTE, 5);
        BucketSpec empty = spec("k3", LimitKind.REQUESTS_PER_MINUTE, 5);
        store.tryConsume(quota, 1);
        store.tryConsume(idle, 1);
        store.tryConsume(empty, 5);
        store.forceConsume(empty, 1000); // deep in debt: still matters after minutes of idleness
        assertThat(store.size()).isEqualTo(3);

        clock.advance(Duration.ofMinutes(30)); // the day ended 15 minutes ago, past the grace for late settles
        BucketSpec fresh = spec("k4", LimitKind.REQUESTS_PER_MINUTE, 5);
        store.tryConsume(fresh, 1);

        assertThat(store.size()).isEqualTo(2);
        assertThat(store.tryConsume(empty, 1).isConsumed()).isFalse();
        assertThat(store.tryConsume(fresh, 1).getRemainingTokens()).isEqualTo(3);
    }

    @Test
    void aBucketInUseIsKept() {
        BucketSpec busy = spec("k1", LimitKind.REQUESTS_PER_MINUTE, 1000);
        for (int minute = 0; minute < 5; minute++) {
            store.tryConsume(busy, 100);
            clock.advance(Duration.ofSeconds(61));
        }

        assertThat(store.size()).isEqualTo(1);
    }

    private BucketSpec spec(String keyId, LimitKind kind, long limit) {
        LimitRule rule = new LimitRule(Scope.apiKey(keyId), kind, limit, Optional.empty(), false);
        return BucketSpec.forRule(rule, clock.instant(), UTC);
    }
}
