package io.odock.plugin.blocker;

import io.odock.spi.plugin.ConfigKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.odock.plugin.blocker.Rules.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configuration errors name the key to fix; the plugin declares its one key. */
class RuleConfigurationTest {

    private static void assertRefused(String yaml, String key, String problem) {
        assertThatThrownBy(() -> new RulesBlockerFactory().create(section(yaml), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(key + ": ")
                .hasMessageContaining(problem);
    }

    @Test
    void declaresItsRulesKeyAsOptional() {
        assertThat(new RulesBlockerFactory().configKeys()).extracting(ConfigKey::name, ConfigKey::required)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("rules", false));
        assertThat(new RulesBlockerFactory().id()).isEqualTo("blocker-rules");
    }

    @Test
    void parsesTheDocumentedExample() {
        RulesBlocker blocker = RulesBlockerFactory.blocker(section("""
                rules:
                  - id: gpt4-office-hours
                    models: [ "gpt-4*" ]
                    allowed: { days: [mon, tue, wed, thu, fri], from: "08:00", to: "20:00", timezone: Europe/Paris }
                    reason: "GPT-4 models answer on weekdays, 08:00-20:00 Paris time"
                  - id: project-header
                    header: { name: x-project, required: true, matches: "[a-z0-9-]{3,40}" }
                    reason: "Send your project in x-project"
                  - id: tenant-metadata
                    metadata: { key: tenant, oneOf: [ acme, globex ] }
                    reason: "Unknown tenant"
                  - id: team-models
                    teams: [ interns ]
                    models: [ "o1*" ]
                    reason: "Reasoning models are not available to interns"
                """), java.time.Clock.systemUTC());

        assertThat(blocker.rules()).extracting(BlockingRule::id)
                .containsExactly("gpt4-office-hours", "project-header", "tenant-metadata", "team-models");
        assertThat(blocker.rules().get(0).conditions()).singleElement().isInstanceOf(OpeningHours.class);
        assertThat(blocker.rules().get(3).conditions()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "rules: { id: x }                                           | plugins.blocker-rules.rules | must be a list",
            "rules: [ { models: [a] } ]                                 | plugins.blocker-rules.rules[0].id | is required",
            "rules: [ { id: a }, { id: a } ]                            | plugins.blocker-rules.rules[1].id | unique",
            "rules: [ { id: a, alowed: { days: [mon] } } ]              | plugins.blocker-rules.rules[0].alowed | not a known key",
            "rules: [ { id: a, models: gpt-4 } ]                        | plugins.blocker-rules.rules[0].models | must be a list",
            "rules: [ { id: a, models: [ 'g*t' ] } ]                    | plugins.blocker-rules.rules[0].models[0] | may only end",
            "rules: [ { id: a, allowed: { days: [mon, funday] } } ]     | plugins.blocker-rules.rules[0].allowed.days[1] | not a day",
            "rules: [ { id: a, allowed: { days: [] } } ]                | plugins.blocker-rules.rules[0].allowed.days | at least one day",
            "rules: [ { id: a, allowed: { from: '8am', to: '20:00' } } ] | plugins.blocker-rules.rules[0].allowed.from | HH:mm",
            "rules: [ { id: a, allowed: { from: '25:00', to: '20:00' } } ] | plugins.blocker-rules.rules[0].allowed.from | HH:mm",
            "rules: [ { id: a, allowed: { from: '08:00' } } ]           | plugins.blocker-rules.rules[0].allowed.to | is required with 'from'",
            "rules: [ { id: a, allowed: { from: '08:00', to: '08:00' } } ] | plugins.blocker-rules.rules[0].allowed.to | same time",
            "rules: [ { id: a, allowed: { timezone: Mars/Olympus } } ]  | plugins.blocker-rules.rules[0].allowed.timezone | not a time zone",
            "rules: [ { id: a, header: { required: true } } ]           | plugins.blocker-rules.rules[0].header.name | is required",
            "rules: [ { id: a, header: { name: x, matches: '[a-' } } ]  | plugins.blocker-rules.rules[0].header.matches | not a valid regular expression",
            "rules: [ { id: a, header: { name: x, required: maybe } } ] | plugins.blocker-rules.rules[0].header.required | true or false",
            "rules: [ { id: a, header: { name: x, required: false } } ] | plugins.blocker-rules.rules[0].header.required | check nothing",
            "rules: [ { id: a, metadata: { oneOf: [a] } } ]             | plugins.blocker-rules.rules[0].metadata.key | is required",
            "rules: [ { id: a, metadata: tenant } ]                     | plugins.blocker-rules.rules[0].metadata | must be a map",
    })
    void refusesAMistakeNamingTheKey(String yaml, String key, String problem) {
        assertRefused(yaml, key, problem);
    }
}
