package io.odock.core.budget;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.core.keys.Scope;
import io.odock.core.keys.ScopeKind;
import io.odock.core.store.Database;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Budget definitions in the {@code budgets} table. Used off the request path only: {@link BudgetBook} keeps them in
 * memory. Deleting a budget leaves its ledger rows alone, so what was spent stays on record.
 */
public final class BudgetStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqlSessionFactory sessions;
    private final Clock clock;

    /** Budgets in this database. */
    public BudgetStore(Database database) {
        this(database.sessions(), Clock.systemUTC());
    }

    BudgetStore(SqlSessionFactory sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    /** Creates or replaces the budget of its scope. */
    public void put(Budget budget) {
        BudgetRow row = toRow(budget, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        write(mapper -> {
            // Update first, insert when there was nothing to update: portable between H2 and MariaDB. Two instances
            // creating the same budget at once make one insert fail on the key, which the caller sees; retrying
            // then updates.
            if (mapper.update(row) == 0) {
                mapper.insert(row);
            }
            return null;
        });
    }

    /** The budget of a scope. */
    public Optional<Budget> find(Scope scope) {
        return read(mapper -> Optional.ofNullable(mapper.find(scope.kind().wireName(), scope.id()))
                .map(BudgetStore::toBudget));
    }

    /** Deletes the budget of a scope; its ledger rows stay. False when there was none. */
    public boolean delete(Scope scope) {
        return write(mapper -> mapper.delete(scope.kind().wireName(), scope.id()) > 0);
    }

    /** Every budget, by scope. */
    public List<Budget> findAll() {
        return read(mapper -> mapper.findAll().stream().map(BudgetStore::toBudget).toList());
    }

    /** Budgets created or changed at or after {@code since} (deletions do not show here). */
    public List<Budget> findChangedSince(Instant since) {
        return read(mapper -> mapper.findChangedSince(since).stream().map(BudgetStore::toBudget).toList());
    }

    private <T> T read(Function<BudgetMapper, T> query) {
        try (SqlSession session = sessions.openSession(true)) {
            return query.apply(session.getMapper(BudgetMapper.class));
        }
    }

    private <T> T write(Function<BudgetMapper, T> change) {
        try (SqlSession session = sessions.openSession(false)) {
            T result = change.apply(session.getMapper(BudgetMapper.class));
            session.commit();
            return result;
        }
    }

    private static BudgetRow toRow(Budget budget, Instant updatedAt) {
        try {
            return new BudgetRow(budget.scope().kind().wireName(), budget.scope().id(), budget.amountNanos(),
                    budget.currency(), budget.period().wireName(), budget.timezone().getId(),
                    JSON.writeValueAsString(budget.warnAtPercent()), budget.shadow(), updatedAt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Budget toBudget(BudgetRow row) {
        ScopeKind kind = ScopeKind.fromWireName(row.getScopeKind()).orElseThrow(() ->
                new PersistenceException("budgets.scope_kind has an unknown value: " + row.getScopeKind()));
        BudgetPeriod period = BudgetPeriod.fromWireName(row.getPeriod()).orElseThrow(() ->
                new PersistenceException("budgets.period has an unknown value: " + row.getPeriod()));
        List<Integer> warnAt;
        try {
            warnAt = JSON.readValue(row.getWarnAt(), new TypeReference<List<Integer>>() { });
        } catch (JsonProcessingException e) {
            throw new PersistenceException("budgets.warn_at is not a JSON list of percents: "
                    + e.getOriginalMessage(), e);
        }
        return new Budget(new Scope(kind, row.getScopeId()), row.getAmountNanos(), row.getCurrency(), period,
                ZoneId.of(row.getTimezone()), warnAt, row.isShadow());
    }
}
