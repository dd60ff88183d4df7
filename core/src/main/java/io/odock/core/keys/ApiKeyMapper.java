package io.odock.core.keys;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

import java.time.Instant;
import java.util.List;

/** SQL for {@code api_keys}. Every change bumps {@code updated_at}, which is how other instances notice it. */
public interface ApiKeyMapper {
    /** Every column, in the row's names. */
    String COLUMNS = "id, name, key_prefix, key_hash, models, allow_byok, state, created_at, updated_at, last_used_at, "
            + "revoked_at, organization_id, team_id, user_id, mcp_servers, expires_at, rotated_at, policy";

    @Insert("INSERT INTO api_keys (id, name, key_prefix, key_hash, models, allow_byok, state, created_at, updated_at, "
            + "organization_id, team_id, user_id, mcp_servers, expires_at, policy) "
            + "VALUES (#{id}, #{name}, #{keyPrefix}, #{keyHash}, #{models}, #{allowByok}, #{state}, #{createdAt}, "
            + "#{updatedAt}, #{organizationId}, #{teamId}, #{userId}, #{mcpServers}, #{expiresAt}, #{policy})")
    void insert(ApiKeyRow row);

    @Select("SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at DESC, id")
    List<ApiKeyRow> findAll();

    @Select("SELECT " + COLUMNS + " FROM api_keys WHERE id = #{id}")
    ApiKeyRow findById(String id);

    @Select("SELECT " + COLUMNS + " FROM api_keys WHERE updated_at >= #{since}")
    List<ApiKeyRow> findChangedSince(@Param("since") Instant since);

    /** Replaces what an operator may change; the secret, state and history stay. */
    @Update("UPDATE api_keys SET name = #{name}, models = #{models}, allow_byok = #{allowByok}, "
            + "organization_id = #{organizationId}, team_id = #{teamId}, user_id = #{userId}, "
            + "mcp_servers = #{mcpServers}, expires_at = #{expiresAt}, policy = #{policy}, updated_at = #{updatedAt} "
            + "WHERE id = #{id}")
    int update(ApiKeyRow row);

    @Update("UPDATE api_keys SET state = 'REVOKED', revoked_at = #{at}, updated_at = #{at} "
            + "WHERE id = #{id} AND state <> 'REVOKED'")
    int revoke(@Param("id") String id, @Param("at") Instant at);

    @Update("UPDATE api_keys SET state = 'ACTIVE', revoked_at = NULL, updated_at = #{at} "
            + "WHERE id = #{id} AND state = 'REVOKED'")
    int unrevoke(@Param("id") String id, @Param("at") Instant at);

    /** A new secret for the same key: the old hash stops matching anything. */
    @Update("UPDATE api_keys SET key_hash = #{hash}, key_prefix = #{prefix}, rotated_at = #{at}, updated_at = #{at} "
            + "WHERE id = #{id}")
    int rotate(@Param("id") String id, @Param("hash") String hash, @Param("prefix") String prefix,
               @Param("at") Instant at);

    /** Last-used times move forward only; they do not bump updated_at, so using a key is not a change to poll. */
    @Update("UPDATE api_keys SET last_used_at = #{at} WHERE id = #{id} AND (last_used_at IS NULL OR last_used_at < #{at})")
    int touchLastUsed(@Param("id") String id, @Param("at") Instant at);
}
