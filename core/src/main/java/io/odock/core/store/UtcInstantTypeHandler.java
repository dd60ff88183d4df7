package io.odock.core.store;

import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Stores instants as UTC wall-clock {@code DATETIME(3)} values, exchanged as text so that neither the JDBC driver nor
 * the JVM's time zone shifts them, and the milliseconds survive: Connector/J drops fractional seconds for servers that
 * announce themselves as MySQL 5.5 (MariaDB does, for compatibility). Every instance reads back the instant another
 * one wrote, wherever it runs.
 */
public final class UtcInstantTypeHandler extends BaseTypeHandler<Instant> {
    private static final DateTimeFormatter WIRE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    @Override
    public void setNonNullParameter(PreparedStatement statement, int index, Instant value, JdbcType type)
            throws SQLException {
        statement.setString(index, WIRE.format(LocalDateTime.ofInstant(value, ZoneOffset.UTC)));
    }

    @Override
    public Instant getNullableResult(ResultSet rows, String column) throws SQLException {
        return toInstant(rows.getString(column));
    }

    @Override
    public Instant getNullableResult(ResultSet rows, int index) throws SQLException {
        return toInstant(rows.getString(index));
    }

    @Override
    public Instant getNullableResult(CallableStatement call, int index) throws SQLException {
        return toInstant(call.getString(index));
    }

    private static Instant toInstant(String value) {
        return value == null ? null : LocalDateTime.parse(value.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    }
}
