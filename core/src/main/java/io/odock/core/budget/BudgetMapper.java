package io.odock.core.budget;

import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

import java.time.Instant;
import java.util.List;

/** SQL for {@code budgets}. */
public interface BudgetMapper {
    /** Every column, in the row's names. */
    String COLUMNS = "scope_kind, scope_id, amount_nanos, currency, period, timezone, warn_at, shadow, updated_at";

    @Insert("INSERT INTO budgets (" + COLUMNS + ") VALUES (#{scopeKind}, #{scopeId}, #{amountNanos}, #{currency}, "
            + "#{period}, #{timezone}, #{warnAt}, #{shadow}, #{updatedAt})")
    void insert(BudgetRow row);

    @Update("UPDATE budgets SET amount_nanos = #{amountNanos}, currency = #{currency}, period = #{period}, "
            + "timezone = #{timezone}, warn_at = #{warnAt}, shadow = #{shadow}, updated_at = #{updatedAt} "
            + "WHERE scope_kind = #{scopeKind} AND scope_id = #{scopeId}")
    int update(BudgetRow row);

    @Delete("DELETE FROM budgets WHERE scope_kind = #{kind} AND scope_id = #{id}")
    int delete(@Param("kind") String kind, @Param("id") String id);

    @Select("SELECT " + COLUMNS + " FROM budgets WHERE scope_kind = #{kind} AND scope_id = #{id}")
    BudgetRow find(@Param("kind") String kind, @Param("id") String id);

    @Select("SELECT " + COLUMNS + " FROM budgets ORDER BY scope_kind, scope_id")
    List<BudgetRow> findAll();

    @Select("SELECT " + COLUMNS + " FROM budgets WHERE updated_at >= #{since} ORDER BY scope_kind, scope_id")
    List<BudgetRow> findChangedSince(@Param("since") Instant since);
}
