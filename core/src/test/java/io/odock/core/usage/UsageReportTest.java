package io.odock.core.usage;

import io.odock.core.keys.KeyOwner;
import io.odock.core.store.Database;
import io.odock.core.testsupport.Databases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class UsageReportTest {

    private static UsageRecord record(String key, String team, String model, Instant at, long costNanos, int status) {
        UsageDetails details = new UsageDetails(new KeyOwner(Optional.of("acme"), Optional.ofNullable(team),
                Optional.empty()), 2, Optional.of(costNanos), Optional.of("USD"), Map.of("input_per_mtok", "1"),
                Optional.of("upstream-1"), status != 200, List.of());
        return new UsageRecord("req_" + System.nanoTime(), key, "/v1/chat/completions", model, Optional.of("openai"),
                Optional.of(model), status, status == 200 ? Optional.empty() : Optional.of("upstream_error"), 10, 5,
                Optional.empty(), false, 12, at, List.of(), 0, 0, details);
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void sumsUsageAndSpendByTheAskedDimensions(String kind) {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             UsageRecorder recorder = new UsageRecorder(database)) {
            Instant day1 = Instant.parse("2026-11-24T10:00:00Z");
            Instant day2 = Instant.parse("2026-11-25T10:00:00Z");
            recorder.record(record("key_a", "ml", "chat", day1, 1_000, 200));
            recorder.record(record("key_a", "ml", "chat", day2, 2_000, 200));
            recorder.record(record("key_b", "ml", "embed", day2, 500, 502));
            recorder.record(record("key_c", null, "chat", day2, 7, 200));
            recorder.flush();
            UsageReport report = new UsageReport(database);
            Instant from = Instant.parse("2026-11-01T00:00:00Z");
            Instant to = Instant.parse("2026-12-01T00:00:00Z");

            List<UsageReport.Row> byModelAndDay = report.run(new UsageReport.Query(from, to,
                    Map.of(UsageReport.Dimension.TEAM, "ml"),
                    List.of(UsageReport.Dimension.MODEL, UsageReport.Dimension.DAY)));
            assertThat(byModelAndDay).extracting(UsageReport.Row::group).containsExactly(
                    Map.of("model", "chat", "day", "2026-11-24"), Map.of("model", "chat", "day", "2026-11-25"),
                    Map.of("model", "embed", "day", "2026-11-25"));
            assertThat(byModelAndDay.get(2).errors()).isEqualTo(1);
            assertThat(byModelAndDay.get(2).estimated()).isEqualTo(1);

            List<UsageReport.Row> total = report.run(new UsageReport.Query(from, to, Map.of(), List.of()));
            assertThat(total).singleElement().satisfies(row -> {
                assertThat(row.requests()).isEqualTo(4);
                assertThat(row.inputTokens()).isEqualTo(40);
                assertThat(row.reasoningTokens()).isEqualTo(8);
                assertThat(row.costNanos()).isEqualTo(3_507);
            });

            List<UsageReport.Row> byKey = report.run(new UsageReport.Query(day2, to,
                    Map.of(UsageReport.Dimension.MODEL, "chat"), List.of(UsageReport.Dimension.KEY,
                    UsageReport.Dimension.TEAM)));
            assertThat(byKey).extracting(UsageReport.Row::group).containsExactly(
                    java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(Map.of("key", "key_a",
                            "team", "ml"))),
                    teamless("key_c"));
            assertThat(recorder.findByKey("key_a", 1).getFirst().details().pricing())
                    .containsEntry("input_per_mtok", "1");
        }
    }

    private static Map<String, String> teamless(String key) {
        Map<String, String> group = new java.util.LinkedHashMap<>();
        group.put("key", key);
        group.put("team", null);
        return group;
    }
}
