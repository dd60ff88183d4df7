package io.odock.core.governance;

import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** SQL for {@code scope_limits}: one JSON {@link LimitSet} per scope. */
public interface ScopeLimitMapper {
    @Select("SELECT scope_kind, scope_id, limits FROM scope_limits")
    List<Map<String, Object>> findAll();

    @Update("UPDATE scope_limits SET limits = #{limits}, updated_at = #{at} WHERE scope_kind = #{kind} AND scope_id = #{id}")
    int update(@Param("kind") String kind, @Param("id") String id, @Param("limits") String limits,
               @Param("at") Instant at);

    @Insert("INSERT INTO scope_limits (scope_kind, scope_id, limits, updated_at) VALUES (#{kind}, #{id}, #{limits}, #{at})")
    void insert(@Param("kind") String kind, @Param("id") String id, @Param("limits") String limits,
                @Param("at") Instant at);

    @Delete("DELETE FROM scope_limits WHERE scope_kind = #{kind} AND scope_id = #{id}")
    int delete(@Param("kind") String kind, @Param("id") String id);
}
