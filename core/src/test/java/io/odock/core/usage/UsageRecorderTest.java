package io.odock.core.usage;

import io.odock.core.store.Database;
import io.odock.core.testsupport.Databases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsageRecorderTest {

    private static UsageRecord record(String requestId, String keyId) {
        return new UsageRecord(requestId, keyId, "/v1/chat/completions", "demo", Optional.of("local"),
                Optional.of("echo-1"), 200, Optional.empty(), 12, 34, Optional.of(new BigDecimal("0.0000123456")),
                true, 42, Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void writesBatchesAndReadsThemBack(String kind) {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             UsageRecorder recorder = new UsageRecorder(database)) {
            UsageRecord first = record("req_1", "key_a");
            recorder.record(first);
            for (int i = 0; i < 1200; i++) {
                recorder.record(record("req_bulk_" + i, "key_b"));
            }
            recorder.flush();

            assertThat(recorder.pending()).isZero();
            assertThat(recorder.findByKey("key_a", 10)).containsExactly(first);
            assertThat(recorder.findByKey("key_b", 5000)).hasSize(1200);
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void keepsTheJsonColumnsOfACallsDetails(String kind) {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             UsageRecorder recorder = new UsageRecorder(database)) {
            UsageRecord base = record("req_details", "key_d");
            UsageDetails details = new UsageDetails(new io.odock.core.keys.KeyOwner(Optional.of("org_a"),
                    Optional.of("team_b"), Optional.empty()), 7, Optional.of(12_345L), Optional.of("EUR"),
                    java.util.Map.of("output_per_mtok", "0.6", "input_per_mtok", "0.15", "note", "a \"quoted\"\nline"),
                    Optional.of("chatcmpl-1"), true, java.util.List.of("tpm:api_key:80%", "budget:team:90%"),
                    java.util.List.of(new io.odock.spi.audit.CallSummary.PluginExecution("blocker-rules",
                            "before_routing", "block", java.util.List.of("no-secrets", "r\u00e9gle"), 14),
                            new io.odock.spi.audit.CallSummary.PluginExecution("safetysec", "after_upstream",
                                    "allow", java.util.List.of(), 3)),
                    Optional.empty());
            UsageRecord detailed = new UsageRecord(base.requestId(), base.keyId(), base.route(), base.model(),
                    base.providerId(), base.upstreamModel(), base.status(), base.errorCode(), base.inputTokens(),
                    base.outputTokens(), base.costUsd(), base.streamed(), base.latencyMs(), base.createdAt(),
                    base.attempts(), 0, 0, details);
            recorder.record(detailed);
            recorder.flush();

            UsageDetails stored = recorder.findByKey("key_d", 10).getFirst().details();
            assertThat(stored.pricing()).isEqualTo(details.pricing());
            assertThat(stored.limitEvents()).isEqualTo(details.limitEvents());
            assertThat(stored.plugins()).isEqualTo(details.plugins());
            assertThat(stored).isEqualTo(details);
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void storesEachAttemptOfAReroutedCall(String kind) {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             UsageRecorder recorder = new UsageRecorder(database)) {
            UsageRecord base = record("req_rerouted", "key_r");
            UsageRecord rerouted = new UsageRecord(base.requestId(), base.keyId(), base.route(), base.model(),
                    base.providerId(), base.upstreamModel(), 200, Optional.empty(), 1, 2, Optional.empty(), false, 30,
                    base.createdAt(), java.util.List.of(
                            new Attempt("primary", "m", false, Optional.of("upstream_error"), 12),
                            new Attempt("backup", "m", true, Optional.empty(), 18)));
            recorder.record(rerouted);
            recorder.flush();

            UsageRecord stored = recorder.findByKey("key_r", 10).getFirst();
            assertThat(stored.rerouted()).isTrue();
            assertThat(stored.attempts()).isEqualTo(rerouted.attempts());
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void keepsRecordsThroughAnOutageAndWritesThemAfter(String kind) throws SQLException {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             UsageRecorder recorder = new UsageRecorder(database)) {
            // A real outage of the table: writes fail until it is back.
            execute(database, "ALTER TABLE usage_records RENAME TO usage_records_away");
            recorder.record(record("req_during_outage", "key_c"));
            assertThatThrownBy(recorder::flush).isInstanceOf(RuntimeException.class);
            assertThat(recorder.pending()).isEqualTo(1);

            execute(database, "ALTER TABLE usage_records_away RENAME TO usage_records");
            recorder.flush();
            assertThat(recorder.findByKey("key_c", 10)).extracting(UsageRecord::requestId)
                    .containsExactly("req_during_outage");
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void closeWritesWhatIsQueued(String kind) {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config())) {
            UsageRecorder recorder = new UsageRecorder(database);
            recorder.record(record("req_at_shutdown", "key_d"));
            recorder.close();

            try (UsageRecorder reader = new UsageRecorder(database)) {
                assertThat(reader.findByKey("key_d", 10)).hasSize(1);
            }
        }
    }

    @Test
    void aFullBufferRefusesNewRequestsButNeverDropsARecord() {
        try (Databases.TestDatabase db = Databases.fresh("h2"); Database database = Database.open(db.config());
             UsageRecorder recorder = new UsageRecorder(database.sessions(), 3)) {
            execute(database, "ALTER TABLE usage_records RENAME TO usage_records_away");
            assertThat(recorder.hasRoom()).isTrue();
            for (int i = 0; i < 5; i++) {
                recorder.record(record("req_" + i, "key_e"));
            }
            assertThatThrownBy(recorder::flush).isInstanceOf(RuntimeException.class);
            assertThat(recorder.pending()).isEqualTo(5);
            assertThat(recorder.hasRoom()).isFalse();
            execute(database, "ALTER TABLE usage_records_away RENAME TO usage_records");
            recorder.flush();
            assertThat(recorder.hasRoom()).isTrue();
            assertThat(recorder.findByKey("key_e", 10)).extracting(UsageRecord::requestId)
                    .containsExactlyInAnyOrder("req_0", "req_1", "req_2", "req_3", "req_4");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static void execute(Database database, String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
