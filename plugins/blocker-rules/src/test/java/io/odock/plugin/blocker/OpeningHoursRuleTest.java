package io.odock.plugin.blocker;

import io.odock.spi.plugin.Verdict;
import org.junit.jupiter.api.Test;

import static io.odock.plugin.blocker.Rules.blocker;
import static io.odock.plugin.blocker.Rules.caller;
import static io.odock.plugin.blocker.Rules.request;
import static org.assertj.core.api.Assertions.assertThat;

/** Opening hours: the edges of a window, its days, its time zone, and windows that cross midnight. */
class OpeningHoursRuleTest {
    private static final String OFFICE_HOURS = """
            rules:
              - id: gpt4-office-hours
                models: [ "gpt-4*" ]
                allowed: { days: [mon, tue, wed, thu, fri], from: "08:00", to: "20:00", timezone: Europe/Paris }
                reason: "GPT-4 models answer on weekdays, 08:00-20:00 Paris time"
            """;
    private static final String NIGHT_SHIFT = """
            rules:
              - id: night-batch
                allowed: { days: [fri], from: "22:00", to: "06:00", timezone: UTC }
                reason: "Batch jobs run on Friday nights"
            """;

    /** Wednesday 2026-01-14 in Paris is UTC+1: 08:00 Paris is 07:00 UTC. */
    private static Verdict officeHoursAt(String instant, String model) {
        return blocker(OFFICE_HOURS, instant).check(request(model), caller());
    }

    private static Verdict nightShiftAt(String instant) {
        return blocker(NIGHT_SHIFT, instant).check(request("any"), caller());
    }

    @Test
    void opensExactlyAtFrom() {
        assertThat(officeHoursAt("2026-01-14T07:00:00Z", "gpt-4o")).isEqualTo(Verdict.allow());
        assertThat(officeHoursAt("2026-01-14T06:59:59Z", "gpt-4o")).isInstanceOf(Verdict.Block.class);
    }

    @Test
    void closesExactlyAtTo() {
        assertThat(officeHoursAt("2026-01-14T18:59:59Z", "gpt-4o")).isEqualTo(Verdict.allow());
        assertThat(officeHoursAt("2026-01-14T19:00:00Z", "gpt-4o"))
                .isEqualTo(Verdict.blockedBy("gpt4-office-hours", "plugin_blocked",
                        "GPT-4 models answer on weekdays, 08:00-20:00 Paris time"));
    }

    @Test
    void refusesOnDaysNotListed() {
        // Saturday noon in Paris.
        assertThat(officeHoursAt("2026-01-17T11:00:00Z", "gpt-4o")).isInstanceOf(Verdict.Block.class);
    }

    @Test
    void readsTheWindowOnTheZonesWallClockAcrossDaylightSavingTime() {
        // In July Paris is UTC+2: 08:00 Paris is 06:00 UTC (a Wednesday).
        assertThat(officeHoursAt("2026-07-15T06:00:00Z", "gpt-4o")).isEqualTo(Verdict.allow());
        assertThat(officeHoursAt("2026-07-15T05:59:00Z", "gpt-4o")).isInstanceOf(Verdict.Block.class);
    }

    @Test
    void leavesModelsOutsideTheSelectorAlone() {
        assertThat(officeHoursAt("2026-01-17T11:00:00Z", "claude-3")).isEqualTo(Verdict.allow());
        assertThat(officeHoursAt("2026-01-17T11:00:00Z", "gpt-3.5")).isEqualTo(Verdict.allow());
        assertThat(officeHoursAt("2026-01-17T11:00:00Z", "gpt-4")).isInstanceOf(Verdict.Block.class);
    }

    @Test
    void anOvernightWindowOpensAtFromOnItsDay() {
        assertThat(nightShiftAt("2026-01-16T21:59:59Z")).isInstanceOf(Verdict.Block.class);
        assertThat(nightShiftAt("2026-01-16T22:00:00Z")).isEqualTo(Verdict.allow());
        assertThat(nightShiftAt("2026-01-16T23:59:59Z")).isEqualTo(Verdict.allow());
    }

    @Test
    void anOvernightWindowsMorningBelongsToTheDayItBegan() {
        // Saturday morning is Friday's night; Friday morning is Thursday's, which is not listed.
        assertThat(nightShiftAt("2026-01-17T00:00:00Z")).isEqualTo(Verdict.allow());
        assertThat(nightShiftAt("2026-01-17T05:59:59Z")).isEqualTo(Verdict.allow());
        assertThat(nightShiftAt("2026-01-17T06:00:00Z")).isInstanceOf(Verdict.Block.class);
        assertThat(nightShiftAt("2026-01-16T03:00:00Z")).isInstanceOf(Verdict.Block.class);
    }

    @Test
    void daysAloneAdmitTheWholeDay() {
        RulesBlocker weekends = blocker("""
                rules:
                  - id: weekends-only
                    allowed: { days: [sat, sunday] }
                """, "2026-01-17T23:59:59.999Z");
        assertThat(weekends.check(request("m"), caller())).isEqualTo(Verdict.allow());

        RulesBlocker monday = blocker("""
                rules:
                  - id: weekends-only
                    allowed: { days: [sat, sun] }
                """, "2026-01-19T00:00:00Z");
        assertThat(monday.check(request("m"), caller()))
                .isEqualTo(Verdict.blockedBy("weekends-only", "plugin_blocked",
                        "The request was refused by the gateway's rule 'weekends-only'"));
    }
}
