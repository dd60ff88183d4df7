package io.odock.core.governance;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.core.keys.Scope;
import io.odock.core.keys.ScopeKind;
import io.odock.core.limits.LimitKind;
import io.odock.core.limits.LimitRule;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LimitSetTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsAndWritesTheAdminJson() throws Exception {
        String json = "{\"requests_per_minute\":60,\"tokens_per_day\":100000,"
                + "\"models\":{\"gpt-4o*\":{\"tokens_per_minute\":2000}},\"shadow\":[\"tokens_per_day\"]}";
        LimitSet set = LimitSet.fromJson(JSON.readTree(json));

        assertThat(set.limits()).containsEntry(LimitKind.REQUESTS_PER_MINUTE, 60L)
                .containsEntry(LimitKind.TOKENS_PER_DAY, 100_000L);
        assertThat(set.perModel().get("gpt-4o*")).containsEntry(LimitKind.TOKENS_PER_MINUTE, 2000L);
        assertThat(set.shadow()).containsExactly(LimitKind.TOKENS_PER_DAY);
        assertThat(LimitSet.fromJson(set.toJson())).isEqualTo(set);

        Scope team = new Scope(ScopeKind.TEAM, "ml");
        assertThat(set.rules(team)).containsExactlyInAnyOrder(
                new LimitRule(team, LimitKind.REQUESTS_PER_MINUTE, 60, Optional.empty(), false),
                new LimitRule(team, LimitKind.TOKENS_PER_DAY, 100_000, Optional.empty(), true),
                new LimitRule(team, LimitKind.TOKENS_PER_MINUTE, 2000, Optional.of("gpt-4o*"), false));
    }

    @Test
    void readsTheCamelCaseConfiguration() throws Exception {
        LimitSet set = LimitSet.fromConfig(JSON.readTree(
                "{\"requestsPerMinute\":10,\"tokensPerMonth\":5,\"shadow\":[\"tokensPerMonth\"]}"));
        assertThat(set.limits()).containsEntry(LimitKind.REQUESTS_PER_MINUTE, 10L)
                .containsEntry(LimitKind.TOKENS_PER_MONTH, 5L);
        assertThat(set.shadow()).containsExactly(LimitKind.TOKENS_PER_MONTH);
    }

    @Test
    void aKeysOwnLimitsReplaceTheDefaultsKindByKind() throws Exception {
        LimitSet defaults = LimitSet.fromJson(JSON.readTree(
                "{\"requests_per_minute\":100,\"tokens_per_minute\":1000,\"shadow\":[\"tokens_per_minute\"]}"));
        LimitSet own = LimitSet.fromJson(JSON.readTree("{\"requests_per_minute\":5}"));

        LimitSet effective = own.over(defaults);
        assertThat(effective.limits()).containsEntry(LimitKind.REQUESTS_PER_MINUTE, 5L)
                .containsEntry(LimitKind.TOKENS_PER_MINUTE, 1000L);
        assertThat(effective.shadow()).containsExactly(LimitKind.TOKENS_PER_MINUTE);
        assertThat(LimitSet.fromJson(JSON.readTree("{\"tokens_per_minute\":9}")).over(defaults).shadow()).isEmpty();
    }

    @Test
    void layingOverOrUnderASetThatSetsNothingKeepsTheOtherWhole() throws Exception {
        LimitSet own = LimitSet.fromJson(JSON.readTree(
                "{\"requests_per_minute\":5,\"models\":{\"gpt-4o*\":{\"tokens_per_minute\":50}},"
                        + "\"shadow\":[\"requests_per_minute\"]}"));

        assertThat(own.over(LimitSet.none())).isEqualTo(own);
        assertThat(LimitSet.none().over(own)).isEqualTo(own);
        // A set with only a shadow flag is not nothing: it marks an inherited kind as shadow.
        LimitSet shadowOnly = LimitSet.fromJson(JSON.readTree("{\"shadow\":[\"tokens_per_minute\"]}"));
        LimitSet defaults = LimitSet.fromJson(JSON.readTree("{\"tokens_per_minute\":1000}"));
        assertThat(shadowOnly.over(defaults).shadow()).containsExactly(LimitKind.TOKENS_PER_MINUTE);
        assertThat(shadowOnly.over(defaults).limits()).containsEntry(LimitKind.TOKENS_PER_MINUTE, 1000L);
    }

    @Test
    void namesTheWrongField() throws Exception {
        assertThatThrownBy(() -> LimitSet.fromJson(JSON.readTree("{\"requests_per_hour\":1}")))
                .hasMessageContaining("requests_per_hour").hasMessageContaining("requests_per_minute");
        assertThatThrownBy(() -> LimitSet.fromJson(JSON.readTree("{\"requests_per_minute\":0}")))
                .hasMessageContaining("at least 1");
        // Beyond one unit per nanosecond a bucket cannot refill: refused when set, not when a request comes.
        assertThatThrownBy(() -> LimitSet.fromJson(JSON.readTree("{\"tokens_per_minute\":100000000000}")))
                .hasMessageContaining("at most 1000000000 per minute");
        assertThat(LimitSet.fromJson(JSON.readTree("{\"tokens_per_month\":100000000000}")).limits()).hasSize(1);
        assertThatThrownBy(() -> LimitSet.fromJson(JSON.readTree("{\"requests_per_minute\":\"ten\"}")))
                .hasMessageContaining("requests_per_minute");
        assertThatThrownBy(() -> LimitSet.fromConfig(JSON.readTree("{\"requestsPerHour\":1}")))
                .hasMessageContaining("requestsPerHour").hasMessageContaining("requestsPerMinute");
    }
}
