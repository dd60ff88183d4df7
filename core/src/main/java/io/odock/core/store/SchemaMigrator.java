package io.odock.core.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates and upgrades the schema with versioned scripts, recorded in {@code odock_schema_history} with their
 * checksums. An applied script that has since changed stops start-up: the database and the code would disagree. On
 * MySQL a named lock keeps two instances starting together from migrating at the same time.
 */
final class SchemaMigrator {
    private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final String LOCK = "odock_schema_migration";

    /** Every migration, in order. Listed here because scanning a jar's classpath is unreliable. */
    static final List<Migration> MIGRATIONS = List.of(new Migration(1, "keys_and_usage"),
            new Migration(2, "usage_attempts"), new Migration(3, "key_byok"),
            new Migration(4, "usage_cache_tokens"), new Migration(5, "config_generation"),
            new Migration(6, "key_governance"), new Migration(7, "budgets"),
            new Migration(8, "usage_plugin_events"), new Migration(9, "usage_mcp"));

    private final DataSource dataSource;
    private final boolean mysql;
    private final List<Migration> migrations;

    SchemaMigrator(DataSource dataSource, boolean mysql, List<Migration> migrations) {
        this.dataSource = dataSource;
        this.mysql = mysql;
        this.migrations = migrations;
    }

    /** Applies the pending migrations; returns how many ran. */
    int migrate() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            lock(connection);
            try {
                createHistory(connection);
                Map<Integer, String> applied = applied(connection);
                int ran = 0;
                for (Migration migration : migrations) {
                    String script = script(migration);
                    String checksum = checksum(script);
                    String recorded = applied.get(migration.version());
                    if (recorded != null) {
                        if (!recorded.equals(checksum)) {
                            throw new SQLException("schema migration V" + migration.version() + " ("
                                    + migration.description() + ") was changed after it was applied to this database; "
                                    + "restore the original script or migrate the database by hand");
                        }
                        continue;
                    }
                    apply(connection, migration, script, checksum);
                    ran++;
                }
                return ran;
            } finally {
                unlock(connection);
            }
        }
    }

    private void apply(Connection connection, Migration migration, String script, String checksum) throws SQLException {
        log.info("Applying schema migration V{} {}", migration.version(), migration.description());
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements(script)) {
                statement.execute(sql);
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO odock_schema_history (version, description, checksum, installed_at) VALUES (?, ?, ?, ?)")) {
                insert.setInt(1, migration.version());
                insert.setString(2, migration.description());
                insert.setString(3, checksum);
                insert.setTimestamp(4, Timestamp.from(Instant.now()));
                insert.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw new SQLException("schema migration V" + migration.version() + " failed: " + e.getMessage(), e);
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static void createHistory(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS odock_schema_history ("
                    + "version INT NOT NULL PRIMARY KEY, description VARCHAR(200) NOT NULL, "
                    + "checksum CHAR(64) NOT NULL, installed_at TIMESTAMP NOT NULL)");
        }
    }

    private static Map<Integer, String> applied(Connection connection) throws SQLException {
        Map<Integer, String> applied = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version, checksum FROM odock_schema_history")) {
            while (rows.next()) {
                applied.put(rows.getInt(1), rows.getString(2));
            }
        }
        return applied;
    }

    private void lock(Connection connection) throws SQLException {
        if (!mysql) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT GET_LOCK(?, 60)")) {
            statement.setString(1, LOCK);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next() || result.getInt(1) != 1) {
                    throw new SQLException("another Odock instance held the schema migration lock for 60 s");
                }
            }
        }
    }

    private void unlock(Connection connection) throws SQLException {
        if (!mysql) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
            statement.setString(1, LOCK);
            statement.executeQuery().close();
        }
    }

    /** Splits a script into statements at semicolons that end a line; drops comment lines. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    private static String script(Migration migration) throws SQLException {
        try (InputStream in = SchemaMigrator.class.getResourceAsStream(migration.resource())) {
            if (in == null) {
                throw new SQLException("schema migration script " + migration.resource() + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new SQLException("cannot read " + migration.resource(), e);
        }
    }

    static String checksum(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
