package io.odock.plugin.blocker;

import io.odock.spi.model.RequestInfo;
import io.odock.spi.plugin.Verdict;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static io.odock.plugin.blocker.Rules.blocker;
import static io.odock.plugin.blocker.Rules.caller;
import static io.odock.plugin.blocker.Rules.request;
import static io.odock.plugin.blocker.Rules.teamMember;
import static org.assertj.core.api.Assertions.assertThat;

/** Selectors (models, teams, keys, ...), rules without conditions, and the order rules are checked in. */
class SelectorRuleTest {
    private static final String NOW = "2026-01-14T12:00:00Z";
    private static final RulesBlocker INTERNS = blocker("""
            rules:
              - id: team-models
                teams: [ interns ]
                models: [ "o1*" ]
                reason: "Reasoning models are not available to interns"
            """, NOW);

    @Test
    void aRuleWithoutConditionsRefusesWhatItSelects() {
        assertThat(INTERNS.check(request("o1-mini"), teamMember("interns")))
                .isEqualTo(Verdict.blockedBy("team-models", "plugin_blocked",
                        "Reasoning models are not available to interns"));
    }

    @Test
    void everySelectorMustMatch() {
        assertThat(INTERNS.check(request("gpt-4o"), teamMember("interns"))).isEqualTo(Verdict.allow());
        assertThat(INTERNS.check(request("o1-mini"), teamMember("research"))).isEqualTo(Verdict.allow());
    }

    @Test
    void aCallerWithoutATeamIsNotSelectedByATeamSelector() {
        assertThat(INTERNS.check(request("o1-mini"), caller())).isEqualTo(Verdict.allow());
    }

    @Test
    void keysOrganizationsAndUsersSelectToo() {
        RulesBlocker blocker = blocker("""
                rules:
                  - id: one-key
                    keys: [ key_9 ]
                  - id: one-user
                    organizations: [ acme ]
                    users: [ "bob*" ]
                """, NOW);
        RequestInfo key9 = new RequestInfo("r", "key_9", "k", "/v1/chat/completions", "openai", "127.0.0.1");
        RequestInfo bobby = new RequestInfo("r", "key_1", "k", "/v1/chat/completions", "openai", "127.0.0.1",
                Optional.of("acme"), Optional.empty(), Optional.of("bobby"), Map.of());
        RequestInfo bobElsewhere = new RequestInfo("r", "key_1", "k", "/v1/chat/completions", "openai", "127.0.0.1",
                Optional.of("globex"), Optional.empty(), Optional.of("bob"), Map.of());

        assertThat(((Verdict.Block) blocker.check(request("m"), key9)).rule()).isEqualTo("one-key");
        assertThat(((Verdict.Block) blocker.check(request("m"), bobby)).rule()).isEqualTo("one-user");
        assertThat(blocker.check(request("m"), bobElsewhere)).isEqualTo(Verdict.allow());
        assertThat(blocker.check(request("m"), caller())).isEqualTo(Verdict.allow());
    }

    @Test
    void theFirstRefusingRuleAnswers() {
        RulesBlocker blocker = blocker("""
                rules:
                  - id: tenant
                    metadata: { key: tenant, oneOf: [ acme ] }
                  - id: everything
                    models: [ "*" ]
                    reason: closed
                """, NOW);

        assertThat(((Verdict.Block) blocker.check(request("m"), caller())).rule()).isEqualTo("tenant");
        assertThat(((Verdict.Block) blocker.check(request("m", Map.of("tenant", "acme")), caller())).rule())
                .isEqualTo("everything");
    }

    @Test
    void withoutRulesEveryRequestIsAllowed() {
        assertThat(blocker("{}", NOW).check(request("o1"), teamMember("interns"))).isEqualTo(Verdict.allow());
        assertThat(blocker("rules: []", NOW).check(request("o1"), caller())).isEqualTo(Verdict.allow());
    }

    @Test
    void allConditionsOfARuleMustHold() {
        RulesBlocker blocker = blocker("""
                rules:
                  - id: both
                    header: { name: x-project }
                    metadata: { key: tenant }
                """, NOW);

        assertThat(blocker.check(request("m", Map.of("tenant", "a")), caller(Map.of("x-project", "p"))))
                .isEqualTo(Verdict.allow());
        assertThat(blocker.check(request("m", Map.of("tenant", "a")), caller())).isInstanceOf(Verdict.Block.class);
        assertThat(blocker.check(request("m"), caller(Map.of("x-project", "p")))).isInstanceOf(Verdict.Block.class);
    }
}
