package io.odock.core.store;

import io.odock.core.config.DatabaseConfig;
import io.odock.core.testsupport.Databases;
import io.odock.spi.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseTest {

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void migratesOnceAndReopensWithoutChanges(String kind) throws SQLException {
        try (Databases.TestDatabase db = Databases.fresh(kind)) {
            try (Database database = Database.open(db.config())) {
                assertThat(tables(database)).contains("api_keys", "usage_records", "odock_schema_history");
            }
            try (Database database = Database.open(db.config())) {
                assertThat(new SchemaMigrator(database.dataSource(), kind.equals("mariadb"),
                        SchemaMigrator.MIGRATIONS).migrate()).isZero();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void upgradesAnExistingSchemaKeepingItsRows(String kind) throws SQLException {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config())) {
            try (Connection connection = database.dataSource().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO api_keys (id, name, key_prefix, key_hash, models, state, created_at, "
                        + "updated_at) VALUES ('key_old', 'old', 'odk_old0', '" + "a".repeat(64) + "', '[]', 'ACTIVE', "
                        + "'2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000')");
            }
            List<Migration> upgraded = new java.util.ArrayList<>(SchemaMigrator.MIGRATIONS);
            upgraded.add(new Migration(99, "test_upgrade"));
            SchemaMigrator migrator = new SchemaMigrator(database.dataSource(), kind.equals("mariadb"), upgraded);

            assertThat(migrator.migrate()).isEqualTo(1);
            assertThat(migrator.migrate()).isZero();
            try (Connection connection = database.dataSource().getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT name, test_note FROM api_keys WHERE id = 'key_old'")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo("old");
                assertThat(row.getString(2)).isNull();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void refusesAMigrationThatChangedAfterItWasApplied(String kind) throws SQLException {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config())) {
            try (Connection connection = database.dataSource().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE odock_schema_history SET checksum = '"
                        + "0".repeat(64) + "' WHERE version = 1");
            }
            SchemaMigrator migrator = new SchemaMigrator(database.dataSource(), kind.equals("mariadb"),
                    SchemaMigrator.MIGRATIONS);
            assertThatThrownBy(migrator::migrate).hasMessageContaining("V1").hasMessageContaining("changed");
        }
    }

    @Test
    void anUnreachableDatabaseIsAClearError() {
        var config = new DatabaseConfig("jdbc:mysql://127.0.0.1:1/nowhere", "root",
                Secret.of("hunter2"), 2);
        assertThatThrownBy(() -> Database.open(config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot connect to the database")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void splitsScriptsIntoStatements() {
        assertThat(SchemaMigrator.statements("-- c\nCREATE TABLE a (x INT);\n\nCREATE INDEX i\n ON a (x);\n"))
                .containsExactly("CREATE TABLE a (x INT)", "CREATE INDEX i\n ON a (x)");
    }

    @Test
    void redactsCredentialsInUrls() {
        assertThat(Database.redacted("jdbc:mysql://user:secret@db:3306/odock?password=secret"))
                .doesNotContain("secret");
    }

    @Test
    void theEmbeddedDatabaseClosesWithTheGatewayNotBeforeIt() {
        DatabaseConfig embedded = new DatabaseConfig(
                "jdbc:h2:file:./data/odock;MODE=MySQL", "", Secret.none(), 2);
        assertThat(Database.embeddedClosesWithUs(embedded))
                .isEqualTo("jdbc:h2:file:./data/odock;MODE=MySQL;DB_CLOSE_ON_EXIT=FALSE");
        DatabaseConfig chosen = new DatabaseConfig(
                "jdbc:h2:file:./data/odock;db_close_on_exit=true", "", Secret.none(), 2);
        assertThat(Database.embeddedClosesWithUs(chosen)).isEqualTo(chosen.url());
        DatabaseConfig mysql = new DatabaseConfig(
                "jdbc:mysql://db:3306/odock", "root", Secret.none(), 2);
        assertThat(Database.embeddedClosesWithUs(mysql)).isEqualTo(mysql.url());
    }

    @Test
    void theEmbeddedDatabaseOpensWithASmallPageCacheUnlessTheUrlSetsOne(
            @TempDir Path home) throws SQLException {
        String url = DatabaseConfig.EMBEDDED_URL
                .replace("./data/odock", home.resolve("odock").toString());
        assertThat(pageCacheMegabytes(url)).isEqualTo("1");
        assertThat(pageCacheMegabytes(url + ";CACHE_SIZE=4096")).isEqualTo("4");
        assertThat(pageCacheMegabytes(url + ";QUERY_CACHE_SIZE=16")).as("another setting that ends alike")
                .isEqualTo("1");
    }

    private static String pageCacheMegabytes(String url) throws SQLException {
        DatabaseConfig embedded = new DatabaseConfig(
                url, "", Secret.none(), 2);
        try (Database database = Database.open(embedded);
             Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet cache = statement.executeQuery(
                     "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.CACHE_MAX_SIZE'")) {
            assertThat(cache.next()).isTrue();
            return cache.getString(1);
        }
    }

    private static List<String> tables(Database database) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             ResultSet rows = connection.getMetaData().getTables(connection.getCatalog(), null, "%",
                     new String[]{"TABLE"})) {
            List<String> names = new java.util.ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
            }
            return names;
        }
    }
}
