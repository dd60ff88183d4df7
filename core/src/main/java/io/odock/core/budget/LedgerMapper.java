package io.odock.core.budget;

import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

import java.time.Instant;
import java.util.List;

/** SQL for {@code budget_ledger} and {@code budget_holds}. */
public interface LedgerMapper {
    /** The key of a ledger row. */
    String ROW = "scope_kind = #{kind} AND scope_id = #{id} AND period_start = #{periodStart}";

    /** Fails on the primary key when the row exists already, which callers treat as success. */
    @Insert("INSERT INTO budget_ledger (scope_kind, scope_id, period_start, spent_nanos, reserved_nanos, updated_at) "
            + "VALUES (#{kind}, #{id}, #{periodStart}, 0, 0, #{now})")
    void insertRow(@Param("kind") String kind, @Param("id") String id, @Param("periodStart") Instant periodStart,
                   @Param("now") Instant now);

    /** Reads a row and locks it until the transaction ends. */
    @Select("SELECT spent_nanos, reserved_nanos FROM budget_ledger WHERE " + ROW + " FOR UPDATE")
    LedgerRow lockRow(@Param("kind") String kind, @Param("id") String id, @Param("periodStart") Instant periodStart);

    @Select("SELECT spent_nanos, reserved_nanos FROM budget_ledger WHERE " + ROW)
    LedgerRow findRow(@Param("kind") String kind, @Param("id") String id, @Param("periodStart") Instant periodStart);

    @Update("UPDATE budget_ledger SET reserved_nanos = reserved_nanos + #{amount}, updated_at = #{now} WHERE " + ROW)
    int addReserved(@Param("kind") String kind, @Param("id") String id, @Param("periodStart") Instant periodStart,
                    @Param("amount") long amount, @Param("now") Instant now);

    /** Adds to what was spent and gives back a reservation; reserved never goes below zero. */
    @Update("UPDATE budget_ledger SET spent_nanos = spent_nanos + #{spent}, "
            + "reserved_nanos = GREATEST(reserved_nanos - #{released}, 0), updated_at = #{now} WHERE " + ROW)
    int charge(@Param("kind") String kind, @Param("id") String id, @Param("periodStart") Instant periodStart,
               @Param("spent") long spent, @Param("released") long released, @Param("now") Instant now);

    @Insert("INSERT INTO budget_holds (request_id, scope_kind, scope_id, period_start, amount_nanos, expires_at) "
            + "VALUES (#{requestId}, #{scopeKind}, #{scopeId}, #{periodStart}, #{amountNanos}, #{expiresAt})")
    void insertHold(HoldRow hold);

    /** Deletes a hold; 0 when it was already settled or swept. */
    @Delete("DELETE FROM budget_holds WHERE request_id = #{requestId} AND scope_kind = #{kind} AND scope_id = #{id}")
    int deleteHold(@Param("requestId") String requestId, @Param("kind") String kind, @Param("id") String id);

    @Select("SELECT request_id, scope_kind, scope_id, period_start, amount_nanos, expires_at FROM budget_holds "
            + "WHERE expires_at < #{now} ORDER BY expires_at LIMIT #{limit}")
    List<HoldRow> findExpired(@Param("now") Instant now, @Param("limit") int limit);

    /** Forgets every reservation: for a database only this process can open, at start no call of it is in flight. */
    @Update("UPDATE budget_ledger SET reserved_nanos = 0 WHERE reserved_nanos <> 0")
    int releaseAllReservations();

    @Delete("DELETE FROM budget_holds")
    int deleteAllHolds();
}
