package io.odock.core.keys;

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
import java.util.List;

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
