package io.odock.core.testsupport;

import io.odock.core.config.DatabaseConfig;
import io.odock.spi.Secret;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Fresh, empty databases for persistence tests: an in-memory H2 in MySQL mode, and a database of its own on the real
 * MariaDB at 127.0.0.1:3306. Every persistence test runs against both; if MariaDB is down the tests fail (they never
 * skip), and {@code .ci/run} starts it first.
 */
public final class Databases {
    private static final String MARIADB = "jdbc:mysql://127.0.0.1:3306/";

    private Databases() {
    }

    /** A throwaway database; {@link #close()} drops it. */
    public interface TestDatabase extends AutoCloseable {
        DatabaseConfig config();

        String kind();

        @Override
        void close();
    }

    /** Both kinds, for {@code @MethodSource}. */
    public static Stream<String> kinds() {
        return Stream.of("h2", "mariadb");
    }

    /** A fresh database of the given kind. */
    public static TestDatabase fresh(String kind) {
        return switch (kind) {
            case "h2" -> h2();
            case "mariadb" -> mariadb();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static TestDatabase h2() {
        String url = "jdbc:h2:mem:odock_" + UUID.randomUUID().toString().replace("-", "")
                + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        DatabaseConfig config = new DatabaseConfig(url, "", Secret.none(), 4);
        return new TestDatabase() {
            @Override
            public DatabaseConfig config() {
                return config;
            }

            @Override
            public String kind() {
                return "h2";
            }

            @Override
            public void close() {
                try (Connection connection = DriverManager.getConnection(url);
                     Statement statement = connection.createStatement()) {
                    statement.execute("SHUTDOWN");
                } catch (SQLException e) {
                    // Already gone.
                }
            }
        };
    }

    private static TestDatabase mariadb() {
        String name = "odock_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("CREATE DATABASE " + name);
        DatabaseConfig config = new DatabaseConfig(MARIADB + name, "root", Secret.none(), 4);
        return new TestDatabase() {
            @Override
            public DatabaseConfig config() {
                return config;
            }

            @Override
            public String kind() {
                return "mariadb";
            }

            @Override
            public void close() {
                execute("DROP DATABASE IF EXISTS " + name);
            }
        };
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(MARIADB + "test", "root", "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("MariaDB on 127.0.0.1:3306 is required for the persistence tests "
                    + "(start it with: start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd): "
                    + e.getMessage(), e);
        }
    }
}
