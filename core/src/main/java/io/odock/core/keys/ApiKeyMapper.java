package io.odock.core.keys;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

import java.time.Instant;
import java.util.List;

/** SQL for {@code api_keys}. */
public interface ApiKeyMapper {
    /** Every column, in the row's names. */
    String COLUMNS = "id, name, key_prefix, key_hash, models, allow_byok, state, created_at, updated_at, last_used_at, "
            + "revoked_at";

    @Insert("INSERT INTO api_keys (id, name, key_prefix, key_hash, models, allow_byok, state, created_at, updated_at) "
            + "VALUES (#{id}, #{name}, #{keyPrefix}, #{keyHash}, #{models}, #{allowByok}, #{state}, #{createdAt}, "
            + "#{updatedAt})")
    void insert(ApiKeyRow row);

    @Select("SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at DESC, id")
    List<ApiKeyRow> findAll();

    @Select("SELECT " + COLUMNS + " FROM api_keys WHERE id = #{id}")
    ApiKeyRow findById(String id);

    @Select("SELECT " + COLUMNS + " FROM api_keys WHERE updated_at >= #{since}")
    List<ApiKeyRow> findChangedSince(@Param("since") Instant since);

    @Update("UPDATE api_keys SET state = 'REVOKED', revoked_at = #{at}, updated_at = #{at} "
            + "WHERE id = #{id} AND state <> 'REVOKED'")
    int revoke(@Param("id") String id, @Param("at") Instant at);

    /** Last-used times move forward only; they do not bump updated_at, so using a key is not a change to poll. */
    @Update("UPDATE api_keys SET last_used_at = #{at} WHERE id = #{id} AND (last_used_at IS NULL OR last_used_at < #{at})")
    int touchLastUsed(@Param("id") String id, @Param("at") Instant at);
}
