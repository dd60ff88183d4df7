package io.odock.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.odock.core.keys.Scope;
import io.odock.core.keys.ScopeKind;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BucketSpecTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    // 23:30 on 30 November in Paris, but already 1 December in Tokyo
    private static final Instant LATE_NOVEMBER = Instant.parse("2026-11-30T22:30:00Z");

    @Test
    void minuteBucketsAreNamedByScopeAndKind() {
        LimitRule rule = new LimitRule(new Scope(ScopeKind.TEAM, "t1"), LimitKind.TOKENS_PER_MINUTE, 10,
                Optional.empty(), false);

        BucketSpec spec = BucketSpec.forRule(rule, LATE_NOVEMBER, PARIS);

        assertThat(spec.name()).isEqualTo("odock:rl:team:t1:tokens_per_minute");
        assertThat(spec.window()).isEmpty();
    }

    @Test
    void quotaBucketsAreNamedByModelPatternAndWindowInTheQuotaZone() {
        LimitRule day = new LimitRule(Scope.apiKey("k1"), LimitKind.REQUESTS_PER_DAY, 10, Optional.of("gpt-4*"),
                false);
        LimitRule month = new LimitRule(new Scope(ScopeKind.ORGANIZATION, "o1"), LimitKind.TOKENS_PER_MONTH, 10,
                Optional.empty(), false);

        assertThat(BucketSpec.forRule(day, LATE_NOVEMBER, PARIS).name())
                .isEqualTo("odock:rl:api_key:k1:requests_per_day:m:gpt-4*:2026-11-30");
        assertThat(BucketSpec.forRule(month, LATE_NOVEMBER, PARIS).name())
                .isEqualTo("odock:rl:organization:o1:tokens_per_month:2026-11");
        assertThat(BucketSpec.forRule(month, LATE_NOVEMBER, ZoneId.of("Asia/Tokyo")).name())
                .isEqualTo("odock:rl:organization:o1:tokens_per_month:2026-12");
        assertThat(BucketSpec.forRule(month, LATE_NOVEMBER, PARIS).window().orElseThrow().end())
                .isEqualTo(Instant.parse("2026-11-30T23:00:00Z"));
    }

    @Test
    void dayWindowsFollowDaylightSavingChanges() {
        // 25 October 2026 lasts 25 hours in Paris: summer time ends
        QuotaWindow window = QuotaWindow.containing(java.time.temporal.ChronoUnit.DAYS,
                Instant.parse("2026-10-24T22:30:00Z"), PARIS);

        assertThat(window.label()).isEqualTo("2026-10-25");
        assertThat(window.end()).isEqualTo(Instant.parse("2026-10-25T23:00:00Z"));
    }
}
