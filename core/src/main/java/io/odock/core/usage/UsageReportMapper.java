package io.odock.core.usage;

import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Aggregates over {@code usage_records}; the grouping columns come only from {@link UsageReport.Dimension}. */
public interface UsageReportMapper {
    @Select("<script>SELECT <foreach collection='columns' item='c' separator=','>${c.expression} AS ${c.alias}</foreach>"
            + "<if test='columns.size() > 0'>,</if> COUNT(*) AS requests, "
            + "SUM(CASE WHEN status &gt;= 400 THEN 1 ELSE 0 END) AS errors, "
            + "SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens, "
            + "SUM(cache_read_tokens) AS cache_read_tokens, SUM(cache_write_tokens) AS cache_write_tokens, "
            + "SUM(reasoning_tokens) AS reasoning_tokens, SUM(COALESCE(cost_nanos, 0)) AS cost_nanos, "
            + "SUM(CASE WHEN usage_estimated THEN 1 ELSE 0 END) AS estimated "
            + "FROM usage_records WHERE created_at &gt;= #{from} AND created_at &lt; #{to} "
            + "<if test='keyId != null'>AND key_id = #{keyId} </if>"
            + "<if test='team != null'>AND team_id = #{team} </if>"
            + "<if test='organization != null'>AND organization_id = #{organization} </if>"
            + "<if test='user != null'>AND user_id = #{user} </if>"
            + "<if test='model != null'>AND model = #{model} </if>"
            + "<if test='columns.size() > 0'>GROUP BY <foreach collection='columns' item='c' separator=','>"
            + "${c.expression}</foreach> ORDER BY <foreach collection='columns' item='c' separator=','>"
            + "${c.expression}</foreach></if></script>")
    List<Map<String, Object>> aggregate(@Param("columns") List<UsageReport.Dimension> columns,
                                        @Param("from") Instant from, @Param("to") Instant to,
                                        @Param("keyId") String keyId, @Param("team") String team,
                                        @Param("organization") String organization, @Param("user") String user,
                                        @Param("model") String model);
}
