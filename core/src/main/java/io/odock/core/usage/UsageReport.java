package io.odock.core.usage;

import io.odock.core.store.Database;
import io.odock.core.store.Rows;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Usage and spend summed from the usage records, filtered and grouped by key, organisation, team, user, model,
 * provider and day (UTC). Reads the database: for the admin API, never the request path.
 */
public final class UsageReport {
    private final SqlSessionFactory sessions;

    /** Reports over this database. */
    public UsageReport(Database database) {
        this.sessions = database.sessions();
    }

    /** What rows can be grouped by; the SQL expression is fixed here, never taken from a request. */
    public enum Dimension {
        KEY("key_id", "key_id"),
        ORGANIZATION("organization_id", "organization_id"),
        TEAM("team_id", "team_id"),
        USER("user_id", "user_id"),
        MODEL("model", "model"),
        PROVIDER("provider_id", "provider_id"),
        DAY("CAST(created_at AS DATE)", "usage_day");

        private final String expression;
        private final String alias;

        Dimension(String expression, String alias) {
            this.expression = expression;
            this.alias = alias;
        }

        /** The SQL grouping expression (for the mapper). */
        public String getExpression() {
            return expression;
        }

        /** The column alias (for the mapper). */
        public String getAlias() {
            return alias;
        }

        /** The name in {@code group_by} and in the answer's rows. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The dimension with this wire name. */
        public static Optional<Dimension> fromWireName(String name) {
            for (Dimension dimension : values()) {
                if (dimension.wireName().equals(name.strip().toLowerCase(Locale.ROOT))) {
                    return Optional.of(dimension);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * What to sum.
     *
     * @param from    first instant included
     * @param to      first instant excluded
     * @param filters equality filters by dimension (key, organization, team, user, model)
     * @param groupBy grouping dimensions, in order
     */
    public record Query(Instant from, Instant to, Map<Dimension, String> filters, List<Dimension> groupBy) {
        /** Copies the collections. */
        public Query {
            filters = Map.copyOf(filters);
            groupBy = List.copyOf(groupBy);
        }
    }

    /**
     * One group's sums.
     *
     * @param group       the group's value per dimension (null values for records without one)
     * @param requests    calls
     * @param errors      calls that failed
     * @param inputTokens input tokens, cached included
     * @param outputTokens output tokens, reasoning included
     * @param cacheReadTokens cached input tokens read
     * @param cacheWriteTokens cached input tokens written
     * @param reasoningTokens reasoning tokens
     * @param costNanos   spend in nano-units of the gateway's currency
     * @param estimated   calls whose tokens are estimates
     */
    public record Row(Map<String, String> group, long requests, long errors, long inputTokens, long outputTokens,
                      long cacheReadTokens, long cacheWriteTokens, long reasoningTokens, long costNanos,
                      long estimated) {
    }

    /** Runs a query. */
    public List<Row> run(Query query) {
        List<Map<String, Object>> rows;
        try (SqlSession session = sessions.openSession(true)) {
            rows = session.getMapper(UsageReportMapper.class).aggregate(query.groupBy(), query.from(), query.to(),
                    query.filters().get(Dimension.KEY), query.filters().get(Dimension.TEAM),
                    query.filters().get(Dimension.ORGANIZATION), query.filters().get(Dimension.USER),
                    query.filters().get(Dimension.MODEL));
        }
        List<Row> result = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, String> group = new LinkedHashMap<>();
            for (Dimension dimension : query.groupBy()) {
                Object value = Rows.column(row, dimension.getAlias());
                group.put(dimension.wireName(), value == null ? null : value.toString());
            }
            result.add(new Row(group, number(row, "requests"), number(row, "errors"), number(row, "input_tokens"),
                    number(row, "output_tokens"), number(row, "cache_read_tokens"), number(row, "cache_write_tokens"),
                    number(row, "reasoning_tokens"), number(row, "cost_nanos"), number(row, "estimated")));
        }
        return result;
    }

    private static long number(Map<String, Object> row, String name) {
        Object value = Rows.column(row, name);
        return value == null ? 0 : ((Number) value).longValue();
    }
}
