package io.odock.core.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.odock.core.keys.Scope;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LimitRuleTest {

    private static final Scope KEY = Scope.apiKey("k1");

    @Test
    void aLimitMustBePositive() {
        assertThatThrownBy(() -> new LimitRule(KEY, LimitKind.REQUESTS_PER_MINUTE, 0, Optional.empty(), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LimitRule(KEY, LimitKind.REQUESTS_PER_MINUTE, 5, Optional.of(" "), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutAModelARuleAppliesToEveryRequest() {
        LimitRule rule = rule(Optional.empty());

        assertThat(rule.appliesTo("gpt-4o")).isTrue();
        assertThat(rule.appliesTo(null)).isTrue();
    }

    @Test
    void anExactModelMatchesOnlyItself() {
        LimitRule rule = rule(Optional.of("gpt-4"));

        assertThat(rule.appliesTo("gpt-4")).isTrue();
        assertThat(rule.appliesTo("gpt-4o")).isFalse();
        assertThat(rule.appliesTo(null)).isFalse();
    }

    @Test
    void aTrailingStarMatchesThePrefixAndALoneStarMatchesEverything() {
        LimitRule family = rule(Optional.of("gpt-4*"));
        LimitRule all = rule(Optional.of("*"));

        assertThat(family.appliesTo("gpt-4")).isTrue();
        assertThat(family.appliesTo("gpt-4o-mini")).isTrue();
        assertThat(family.appliesTo("gpt-3.5")).isFalse();
        assertThat(family.appliesTo(null)).isFalse();
        assertThat(all.appliesTo("anything")).isTrue();
        assertThat(all.appliesTo(null)).isTrue();
    }

    private static LimitRule rule(Optional<String> model) {
        return new LimitRule(KEY, LimitKind.REQUESTS_PER_MINUTE, 5, model, false);
    }
}
