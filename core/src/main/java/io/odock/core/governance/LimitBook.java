package io.odock.core.governance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.core.keys.PrincipalChain;
import io.odock.core.keys.Scope;
import io.odock.core.keys.ScopeKind;
import io.odock.core.limits.LimitRule;
import io.odock.core.store.Database;
import io.odock.core.store.Rows;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The limits and quotas of every scope, in memory: the request path reads them without a database round trip.
 * Operators' changes are written through at once; changes made on other instances arrive with the next refresh,
 * which reloads the whole (small) table so that deletions travel too.
 */
public final class LimitBook implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LimitBook.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqlSessionFactory sessions;
    private final Clock clock;
    private final ScheduledExecutorService background;
    private volatile Map<Scope, LimitSet> byScope;
    /** Orders writes here against refreshes, so a refresh that read before a write cannot undo it in the cache. */
    private final Object writes = new Object();

    private LimitBook(SqlSessionFactory sessions, Clock clock, Duration refreshInterval) {
        this.sessions = sessions;
        this.clock = clock;
        this.byScope = load();
        this.background = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "odock-limits");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(100, refreshInterval.toMillis());
        background.scheduleWithFixedDelay(this::refreshQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    /** Loads every scope's limits and starts the background refresh. */
    public static LimitBook start(Database database, Duration refreshInterval) {
        return new LimitBook(database.sessions(), Clock.systemUTC(), refreshInterval);
    }

    /** The limits set on a scope (not counting configured defaults). */
    public Optional<LimitSet> find(Scope scope) {
        return Optional.ofNullable(byScope.get(scope));
    }

    /**
     * Every rule that applies to a request made with a key of this chain: each level's own limits, and for the key
     * its own limits over the configured per-key defaults.
     */
    public List<LimitRule> rulesFor(PrincipalChain chain, LimitSet keyDefaults) {
        List<LimitRule> rules = new ArrayList<>();
        Map<Scope, LimitSet> current = byScope;
        for (Scope scope : chain.scopes()) {
            LimitSet own = current.getOrDefault(scope, LimitSet.none());
            LimitSet effective = scope.kind() == ScopeKind.API_KEY ? own.over(keyDefaults) : own;
            rules.addAll(effective.rules(scope));
        }
        return rules;
    }

    /** Sets a scope's limits (replacing what it had), on this instance at once. */
    public void put(Scope scope, LimitSet limits) {
        String json = limits.toJson().toString();
        java.time.Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        synchronized (writes) {
            try (SqlSession session = sessions.openSession(false)) {
                ScopeLimitMapper mapper = session.getMapper(ScopeLimitMapper.class);
                if (mapper.update(scope.kind().wireName(), scope.id(), json, now) == 0) {
                    mapper.insert(scope.kind().wireName(), scope.id(), json, now);
                }
                session.commit();
            }
            Map<Scope, LimitSet> next = new HashMap<>(byScope);
            next.put(scope, limits);
            byScope = Map.copyOf(next);
        }
        log.info("Set the limits of {}", scope);
    }

    /** Removes a scope's limits; false when it had none. */
    public boolean delete(Scope scope) {
        int deleted;
        synchronized (writes) {
            try (SqlSession session = sessions.openSession(true)) {
                deleted = session.getMapper(ScopeLimitMapper.class).delete(scope.kind().wireName(), scope.id());
            }
            Map<Scope, LimitSet> next = new HashMap<>(byScope);
            next.remove(scope);
            byScope = Map.copyOf(next);
        }
        return deleted > 0;
    }

    /** Reloads every scope's limits from the database, picking up other instances' changes and deletions. */
    public void refresh() {
        synchronized (writes) {
            byScope = load();
        }
    }

    private Map<Scope, LimitSet> load() {
        Map<Scope, LimitSet> loaded = new HashMap<>();
        try (SqlSession session = sessions.openSession(true)) {
            for (Map<String, Object> row : session.getMapper(ScopeLimitMapper.class).findAll()) {
                String kind = String.valueOf(Rows.column(row, "scope_kind"));
                String id = String.valueOf(Rows.column(row, "scope_id"));
                String limits = String.valueOf(Rows.column(row, "limits"));
                Optional<ScopeKind> scopeKind = ScopeKind.fromWireName(kind);
                if (scopeKind.isEmpty()) {
                    log.warn("Ignoring limits stored for an unknown scope kind '{}'", kind);
                    continue;
                }
                try {
                    loaded.put(new Scope(scopeKind.get(), id), LimitSet.fromJson(JSON.readTree(limits)));
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    log.error("The stored limits of {}:{} are invalid and are ignored: {}", kind, id, e.getMessage());
                }
            }
        }
        return Map.copyOf(loaded);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("Refreshing limits from the database failed; retrying in the next interval: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
