package io.odock.core.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.odock.core.config.DatabaseConfig;
import io.odock.core.keys.ApiKeyMapper;
import io.odock.core.reload.GenerationMapper;
import io.odock.core.usage.UsageMapper;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The gateway's store: a HikariCP pool over embedded H2 (MySQL mode) or MySQL/MariaDB, the schema brought up to date,
 * and MyBatis over it with the mappers registered. Opened once at start-up.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final SqlSessionFactory sessions;
    private final boolean embedded;
    private final boolean exclusive;

    private Database(HikariDataSource dataSource, SqlSessionFactory sessions, boolean embedded, boolean exclusive) {
        this.dataSource = dataSource;
        this.sessions = sessions;
        this.embedded = embedded;
        this.exclusive = exclusive;
    }

    /**
     * Connects, migrates and builds MyBatis.
     *
     * @throws IllegalStateException when the database cannot be reached or migrated, with the reason
     */
    public static Database open(DatabaseConfig config) {
        createEmbeddedDirectory(config);
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("odock-db");
        hikari.setJdbcUrl(embeddedWithSmallPageCache(embeddedClosesWithUs(config), config));
        hikari.setUsername(config.user());
        hikari.setPassword(config.password().reveal());
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setMinimumIdle(Math.min(2, config.maxPoolSize()));
        hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
        hikari.setInitializationFailTimeout(3_000);
        hikari.setValidationTimeout(Math.max(250, Math.min(3_000, config.connectionTimeout().toMillis() * 3 / 4)));
        if (!config.isEmbedded()) {
            // Connector/J: server-side prepared statements cached, and no time zone games (we pass UTC wall clocks).
            hikari.addDataSourceProperty("cachePrepStmts", "true");
            hikari.addDataSourceProperty("rewriteBatchedStatements", "true");
            hikari.addDataSourceProperty("connectionTimeZone", "UTC");
            hikari.addDataSourceProperty("preserveInstants", "false");
        }
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to the database at " + redacted(config.url()) + ": "
                    + rootMessage(e), e);
        }
        try {
            int ran = new SchemaMigrator(dataSource, !config.isEmbedded(), SchemaMigrator.MIGRATIONS).migrate();
            log.info("Database {} ready ({} migration(s) applied)", redacted(config.url()), ran);
            return new Database(dataSource, mybatis(dataSource), config.isEmbedded(), config.isExclusive());
        } catch (SQLException | RuntimeException e) {
            dataSource.close();
            throw new IllegalStateException("cannot prepare the database schema: " + rootMessage(e), e);
        }
    }

    private static SqlSessionFactory mybatis(DataSource dataSource) {
        Configuration configuration = new Configuration(new Environment("odock", new JdbcTransactionFactory(),
                dataSource));
        configuration.getTypeHandlerRegistry().register(Instant.class, UtcInstantTypeHandler.class);
        configuration.setMapUnderscoreToCamelCase(true);
        configuration.addMapper(ApiKeyMapper.class);
        configuration.addMapper(UsageMapper.class);
        configuration.addMapper(GenerationMapper.class);
        configuration.addMapper(io.odock.core.budget.BudgetMapper.class);
        configuration.addMapper(io.odock.core.budget.LedgerMapper.class);
        configuration.addMapper(io.odock.core.governance.ScopeLimitMapper.class);
        configuration.addMapper(io.odock.core.usage.UsageReportMapper.class);
        return new SqlSessionFactoryBuilder().build(configuration);
    }

    private static void createEmbeddedDirectory(DatabaseConfig config) {
        String prefix = "jdbc:h2:file:";
        if (!config.url().startsWith(prefix)) {
            return;
        }
        String path = config.url().substring(prefix.length());
        int options = path.indexOf(';');
        Path parent = Path.of(options < 0 ? path : path.substring(0, options)).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the database directory " + parent, e);
        }
    }

    /**
     * H2 closes an embedded database from its own JVM shutdown hook, which would run while the gateway still drains
     * and flushes usage records and budget spend; with {@code DB_CLOSE_ON_EXIT=FALSE} it closes when the pool does,
     * last. An explicit setting in the URL is left alone.
     */
    static String embeddedClosesWithUs(DatabaseConfig config) {
        return config.isEmbedded() ? withDefault(config.url(), "DB_CLOSE_ON_EXIT", "FALSE") : config.url();
    }

    /**
     * H2's page cache, 16 MB by default, is 1 MB for the embedded database: the gateway only appends usage rows to it
     * and keeps keys in its own memory, so the cache kept replacing the pages every insert rewrites, and the replaced
     * copies were what the garbage collector kept promoting (under load, 43 MB of heap live after young collections
     * against 31 MB, young pauses of 11.7 ms against 8.3 ms; docs/performance.md). Applied here rather than in the
     * default URL so that installations whose {@code odock.yaml} names the embedded URL get it too; a
     * {@code CACHE_SIZE} in the URL is left alone.
     */
    static String embeddedWithSmallPageCache(String url, DatabaseConfig config) {
        return config.isEmbedded() ? withDefault(url, "CACHE_SIZE", "1024") : url;
    }

    /** The H2 URL with {@code ;name=value} added, unless it already sets {@code name}. */
    private static String withDefault(String url, String name, String value) {
        String setting = ";" + name + "=";
        return url.toUpperCase(java.util.Locale.ROOT).contains(setting) ? url : url + setting + value;
    }

    /** The URL without credentials a user may have put in it. */
    static String redacted(String url) {
        return url.replaceAll("(?i)(password|pwd)=[^;&]*", "$1=****").replaceAll("//[^/@]*@", "//****@");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** MyBatis sessions. */
    public SqlSessionFactory sessions() {
        return sessions;
    }

    /** The pooled data source. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Whether this is the embedded H2 store. */
    public boolean isEmbedded() {
        return embedded;
    }

    /** Whether no other process can open this database (see {@link DatabaseConfig#isExclusive()}). */
    public boolean isExclusive() {
        return exclusive;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
