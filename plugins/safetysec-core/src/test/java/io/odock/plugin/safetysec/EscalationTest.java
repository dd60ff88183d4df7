package io.odock.plugin.safetysec;

import io.odock.spi.plugin.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static io.odock.plugin.safetysec.Fixtures.chat;
import static io.odock.plugin.safetysec.Fixtures.info;
import static org.assertj.core.api.Assertions.assertThat;

class EscalationTest {
    private static final String CONFIG = "{ 'policies': { 'default': { 'pii.email': 'observe', 'pii.phone': 'redact' } },"
            + " 'escalation': { 'after': 3, 'within': '10m', 'to': 'block' } }";

    private final Fixtures.ManualClock clock = new Fixtures.ManualClock();
    private final SafetySecFilter filter = SafetySecFilterFactory.create(Fixtures.config(CONFIG), clock);

    @Test
    void aKeyWithEnoughRecentFindingsHasItsObserveAndRedactRulesBlock() {
        for (int i = 0; i < 3; i++) {
            assertThat(filter.inspectRequest(chat("mail ann@example.org"), key("k1")))
                    .isInstanceOf(Verdict.Observe.class);
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(filter.inspectRequest(chat("mail ann@example.org"), key("k1"))).isInstanceOfSatisfying(
                Verdict.Block.class, b -> assertThat(b.rule()).isEqualTo("pii.email"));
        assertThat(filter.inspectRequest(chat("call +44 20 7946 0958"), key("k1"))).isInstanceOf(Verdict.Block.class);
        // Other keys are not affected, and clean requests still pass.
        assertThat(filter.inspectRequest(chat("mail ann@example.org"), key("k2"))).isInstanceOf(Verdict.Observe.class);
        assertThat(filter.inspectRequest(chat("hello"), key("k1"))).isEqualTo(Verdict.allow());
    }

    @Test
    void findingsOutsideTheWindowDoNotEscalate() {
        for (int i = 0; i < 3; i++) {
            filter.inspectRequest(chat("mail ann@example.org"), key("k1"));
            clock.advance(Duration.ofMinutes(4));
        }
        // The first finding is now 12 minutes old: only two fall within the 10 minute window.
        assertThat(filter.inspectRequest(chat("mail ann@example.org"), key("k1"))).isInstanceOf(Verdict.Observe.class);
        clock.advance(Duration.ofMinutes(11));
        assertThat(filter.inspectRequest(chat("mail ann@example.org"), key("k1"))).isInstanceOf(Verdict.Observe.class);
    }

    @Test
    void escalatingToRedactLeavesBlocksAndMakesObserveRedact() {
        Escalation escalation = new Escalation(new EscalationSettings(1, Duration.ofMinutes(1), Action.REDACT, 10),
                clock);
        assertThat(escalation.escalate(Action.OBSERVE)).isEqualTo(Action.REDACT);
        assertThat(escalation.escalate(Action.REDACT)).isEqualTo(Action.REDACT);
        assertThat(escalation.escalate(Action.BLOCK)).isEqualTo(Action.BLOCK);
        assertThat(escalation.escalate(Action.OFF)).isEqualTo(Action.OFF);
    }

    @Test
    void remembersABoundedNumberOfKeys() {
        Escalation escalation = new Escalation(new EscalationSettings(2, Duration.ofMinutes(10), Action.BLOCK, 20),
                clock);
        for (int i = 0; i < 500; i++) {
            escalation.record("key-" + i, 5);
            clock.advance(Duration.ofMillis(10));
        }
        assertThat(escalation.trackedKeys()).isLessThanOrEqualTo(20);
        // The most recent key is kept, and its findings were capped rather than lost.
        assertThat(escalation.isEscalated("key-499")).isTrue();
        assertThat(escalation.isEscalated("key-0")).isFalse();
    }

    private static io.odock.spi.model.RequestInfo key(String id) {
        return info(id, Optional.empty(), Optional.empty());
    }
}
