package io.odock.core.keys;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.core.budget.Budget;
import io.odock.core.budget.BudgetBook;
import io.odock.core.budget.BudgetPeriod;
import io.odock.core.governance.LimitBook;
import io.odock.core.governance.LimitSet;
import io.odock.core.store.Database;
import io.odock.core.testsupport.Databases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyServiceTest {
    private static final Duration SLOW_REFRESH = Duration.ofHours(1);

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void createsAuthenticatesListsAndRevokes(String kind) {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             KeyService keys = KeyService.start(database, SLOW_REFRESH)) {
            KeyService.CreatedKey created = keys.create("ci", List.of("demo", "gpt-4o*"));

            assertThat(created.secret()).startsWith("odk_").hasSize(44);
            assertThat(created.toString()).doesNotContain(created.secret());
            assertThat(created.key().prefix()).isEqualTo(created.secret().substring(0, 8));
            assertThat(keys.authenticate(created.secret()))
                    .isEqualTo(new KeyService.Authentication.Authenticated(created.key()));
            assertThat(keys.authenticate(created.secret() + "x")).isInstanceOf(KeyService.Authentication.Unknown.class);
            assertThat(keys.authenticate("odk_" + "A".repeat(40))).isInstanceOf(KeyService.Authentication.Unknown.class);

            assertThat(keys.list()).singleElement().satisfies(key -> {
                assertThat(key.name()).isEqualTo("ci");
                assertThat(key.models()).containsExactly("demo", "gpt-4o*");
                assertThat(key.state()).isEqualTo(KeyState.ACTIVE);
                assertThat(key.createdAt()).isEqualTo(created.key().createdAt());
            });

            ApiKey revoked = keys.revoke(created.key().id()).orElseThrow();
            assertThat(revoked.state()).isEqualTo(KeyState.REVOKED);
            assertThat(revoked.revokedAt()).isPresent();
            assertThat(keys.authenticate(created.secret())).isInstanceOf(KeyService.Authentication.Revoked.class);
            assertThat(keys.revoke(created.key().id())).contains(revoked);
            assertThat(keys.revoke("key_nope")).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void storesOnlyTheHashOfTheSecret(String kind) throws SQLException {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             KeyService keys = KeyService.start(database, SLOW_REFRESH)) {
            KeyService.CreatedKey created = keys.create("hash-only", List.of());

            try (Connection connection = database.dataSource().getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT * FROM api_keys")) {
                assertThat(row.next()).isTrue();
                StringBuilder everything = new StringBuilder();
                for (int i = 1; i <= row.getMetaData().getColumnCount(); i++) {
                    everything.append(row.getString(i)).append('|');
                }
                assertThat(everything.toString()).doesNotContain(created.secret())
                        .contains(KeySecrets.hash(created.secret()));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void anotherInstancesChangesArePickedUpByTheRefresh(String kind) {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             KeyService here = KeyService.start(database, SLOW_REFRESH);
             KeyService there = KeyService.start(database, SLOW_REFRESH)) {
            KeyService.CreatedKey created = there.create("made elsewhere", List.of());
            assertThat(here.authenticate(created.secret())).isInstanceOf(KeyService.Authentication.Unknown.class);

            here.refresh();
            assertThat(here.authenticate(created.secret()))
                    .isInstanceOf(KeyService.Authentication.Authenticated.class);

            there.revoke(created.key().id());
            here.refresh();
            assertThat(here.authenticate(created.secret())).isInstanceOf(KeyService.Authentication.Revoked.class);
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void lastUsedIsWrittenBehind(String kind) {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config())) {
            String id;
            try (KeyService keys = KeyService.start(database, SLOW_REFRESH)) {
                id = keys.create("used", List.of()).key().id();
                keys.markUsed(id);
            }
            try (KeyService reopened = KeyService.start(database, SLOW_REFRESH)) {
                assertThat(reopened.list()).singleElement().satisfies(key -> {
                    assertThat(key.id()).isEqualTo(id);
                    assertThat(key.lastUsedAt()).isPresent();
                });
            }
        }
    }

    @Test
    void refusesBadNamesAndModels() {
        try (Databases.TestDatabase db = Databases.fresh("h2"); Database database = Database.open(db.config());
             KeyService keys = KeyService.start(database, SLOW_REFRESH)) {
            assertThatThrownBy(() -> keys.create(" ", List.of())).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> keys.create("x".repeat(201), List.of()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> keys.create("ok", List.of(""))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void keepsOwnerPolicyAccessListsAndExpiry(String kind) {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             KeyService keys = KeyService.start(database, SLOW_REFRESH)) {
            KeyPolicy policy = new KeyPolicy(List.of(io.odock.core.net.Cidr.parse("10.0.0.0/8")),
                    List.of(io.odock.core.net.Cidr.parse("10.9.0.0/16")), java.util.Optional.of(512),
                    java.util.Optional.of(4096L), java.util.Optional.of(2));
            KeySpec spec = new KeySpec("governed", new KeyOwner(java.util.Optional.of("acme"),
                    java.util.Optional.of("ml"), java.util.Optional.of("alice")), List.of("gpt-4o*"),
                    List.of("github*"), true, policy, java.util.Optional.of(java.time.Instant.parse(
                    "2030-01-01T00:00:00Z")));
            KeyService.CreatedKey created = keys.create(spec);

            try (KeyService reopened = KeyService.start(database, SLOW_REFRESH)) {
                ApiKey stored = reopened.find(created.key().id()).orElseThrow();
                assertThat(stored.owner()).isEqualTo(spec.owner());
                assertThat(stored.policy()).isEqualTo(policy);
                assertThat(stored.mcpServers()).containsExactly("github*");
                assertThat(stored.allowsMcpServer("github-enterprise")).isTrue();
                assertThat(stored.allowsMcpServer("jira")).isFalse();
                assertThat(stored.expiresAt()).contains(java.time.Instant.parse("2030-01-01T00:00:00Z"));
                assertThat(stored.chain().scopes()).extracting(Scope::toString)
                        .containsExactly("organization:acme", "team:ml", "user:alice", "api_key:" + stored.id());
                assertThat(stored.policy().admitsAddress("10.1.2.3")).isTrue();
                assertThat(stored.policy().admitsAddress("10.9.2.3")).isFalse();
                assertThat(stored.policy().admitsAddress("192.168.1.1")).isFalse();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void expiredKeysAreToldApart(String kind) {
        io.odock.core.testsupport.MutableClock clock = new io.odock.core.testsupport.MutableClock(
                java.time.Instant.parse("2026-11-25T10:00:00Z"));
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             KeyService keys = KeyService.start(database, SLOW_REFRESH, clock)) {
            KeySpec named = KeySpec.named("short-lived", List.of());
            KeyService.CreatedKey created = keys.create(new KeySpec(named.name(), named.owner(), named.models(),
                    named.mcpServers(), false, named.policy(),
                    java.util.Optional.of(java.time.Instant.parse("2026-11-25T11:00:00Z"))));
            assertThat(keys.authenticate(created.secret())).isInstanceOf(KeyService.Authentication.Authenticated.class);
            clock.set(java.time.Instant.parse("2026-11-25T11:00:00Z"));
            assertThat(keys.authenticate(created.secret())).isInstanceOf(KeyService.Authentication.Expired.class);

            ApiKey extended = keys.update(created.key().id(), new KeySpec(named.name(), named.owner(), named.models(),
                    named.mcpServers(), false, named.policy(), java.util.Optional.empty())).orElseThrow();
            assertThat(extended.expiresAt()).isEmpty();
            assertThat(keys.authenticate(created.secret())).isInstanceOf(KeyService.Authentication.Authenticated.class);
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void rotationKeepsTheIdAndRetiresTheOldSecretEverywhere(String kind) {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             KeyService here = KeyService.start(database, SLOW_REFRESH);
             KeyService there = KeyService.start(database, SLOW_REFRESH)) {
            KeyService.CreatedKey created = here.create("rotating", List.of("demo"));
            there.refresh();
            assertThat(there.authenticate(created.secret())).isInstanceOf(KeyService.Authentication.Authenticated.class);

            KeyService.CreatedKey rotated = here.rotate(created.key().id()).orElseThrow();
            assertThat(rotated.key().id()).isEqualTo(created.key().id());
            assertThat(rotated.secret()).isNotEqualTo(created.secret());
            assertThat(rotated.key().rotatedAt()).isPresent();
            assertThat(rotated.key().models()).containsExactly("demo");
            assertThat(here.authenticate(created.secret())).isInstanceOf(KeyService.Authentication.Unknown.class);
            assertThat(here.authenticate(rotated.secret())).isInstanceOf(KeyService.Authentication.Authenticated.class);

            there.refresh();
            assertThat(there.authenticate(created.secret())).isInstanceOf(KeyService.Authentication.Unknown.class);
            assertThat(there.authenticate(rotated.secret()))
                    .isInstanceOf(KeyService.Authentication.Authenticated.class);
            assertThat(here.rotate("key_nope")).isEmpty();
        }
    }

    /** Two instances: the second must never accept a new key before it knows the limits and budget made with it. */
    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void aKeyArrivesElsewhereTogetherWithItsLimitsAndBudget(String kind) throws Exception {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             KeyService here = KeyService.start(database, SLOW_REFRESH);
             LimitBook hereLimits = LimitBook.start(database, SLOW_REFRESH);
             BudgetBook hereBudgets = BudgetBook.start(database, SLOW_REFRESH);
             KeyService there = KeyService.start(database, SLOW_REFRESH);
             LimitBook thereLimits = LimitBook.start(database, SLOW_REFRESH);
             BudgetBook thereBudgets = BudgetBook.start(database, SLOW_REFRESH)) {
            there.refreshBefore(thereLimits::refresh);
            there.refreshBefore(thereBudgets::refresh);
            LimitSet fourPerMinute = LimitSet.fromJson(new ObjectMapper().readTree("{\"requests_per_minute\":4}"));

            KeyService.CreatedKey created = here.create(KeySpec.named("governed", List.of()), id -> {
                hereLimits.put(Scope.apiKey(id), fourPerMinute);
                hereBudgets.put(new Budget(Scope.apiKey(id), 300_000_000L, "USD", BudgetPeriod.DAILY,
                        ZoneOffset.UTC, List.of(), false));
            });
            Scope scope = Scope.apiKey(created.key().id());
            assertThat(thereLimits.find(scope)).as("the limit book's own refresh is an hour away").isEmpty();

            there.refresh();
            assertThat(there.authenticate(created.secret())).isInstanceOf(KeyService.Authentication.Authenticated.class);
            assertThat(thereLimits.find(scope)).contains(fourPerMinute);
            assertThat(thereBudgets.find(scope)).hasValueSatisfying(
                    budget -> assertThat(budget.amountNanos()).isEqualTo(300_000_000L));
        }
    }

    /** A refresh that read a key before it was revoked here must not bring the key back to life. */
    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void aRefreshNeverUndoesARevocationMadeWhileItRan(String kind) throws Exception {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             KeyService keys = KeyService.start(database, SLOW_REFRESH)) {
            KeyService.CreatedKey created = keys.create("revoked-mid-refresh", List.of());
            AtomicReference<Thread> revoker = new AtomicReference<>();
            keys.refreshBefore(() -> {
                if (revoker.get() == null) {
                    // The refresh has read the key as active; revoke it now, from an admin call elsewhere.
                    Thread thread = Thread.ofPlatform().start(() -> keys.revoke(created.key().id()));
                    revoker.set(thread);
                    try {
                        thread.join(500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });

            keys.refresh();
            revoker.get().join();
            assertThat(keys.authenticate(created.secret())).isInstanceOf(KeyService.Authentication.Revoked.class);
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void aRevokedKeyCanBeRestored(String kind) {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             KeyService keys = KeyService.start(database, SLOW_REFRESH)) {
            KeyService.CreatedKey created = keys.create("comeback", List.of());
            keys.revoke(created.key().id());
            assertThat(keys.authenticate(created.secret())).isInstanceOf(KeyService.Authentication.Revoked.class);

            ApiKey restored = keys.unrevoke(created.key().id()).orElseThrow();
            assertThat(restored.state()).isEqualTo(KeyState.ACTIVE);
            assertThat(restored.revokedAt()).isEmpty();
            assertThat(keys.authenticate(created.secret())).isInstanceOf(KeyService.Authentication.Authenticated.class);
            assertThat(keys.unrevoke(created.key().id())).contains(restored);
            assertThat(keys.unrevoke("key_nope")).isEmpty();
        }
    }

    @Test
    void modelListsMatchExactNamesAndPrefixGlobs() {
        ApiKey key = new ApiKey("key_x", "n", "odk_abcd", List.of("demo", "gpt-4o*"), false, KeyState.ACTIVE,
                java.time.Instant.now(), java.util.Optional.empty(), java.util.Optional.empty());
        assertThat(key.allowsModel("demo")).isTrue();
        assertThat(key.allowsModel("gpt-4o-mini")).isTrue();
        assertThat(key.allowsModel("gpt-5")).isFalse();
        assertThat(key.allowsModel("demo2")).isFalse();
    }
}
