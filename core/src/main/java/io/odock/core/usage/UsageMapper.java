package io.odock.core.usage;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

import java.util.List;

/** SQL for {@code usage_records}. */
public interface UsageMapper {
    /**
     * Inserts one record; the recorder calls it on a batch session, so a batch is one prepared statement executed as a
     * JDBC batch (no SQL built per batch).
     */
    @Insert("INSERT INTO usage_records (request_id, key_id, route, model, provider_id, upstream_model, status, "
            + "error_code, input_tokens, output_tokens, cost_usd, streamed, latency_ms, created_at, rerouted, attempts, "
            + "cache_read_tokens, cache_write_tokens, organization_id, team_id, user_id, reasoning_tokens, cost_nanos, "
            + "currency, pricing, provider_request_id, usage_estimated, limit_events, plugin_events, mcp_method, mcp_tool, "
            + "mcp_transport, bytes_in, bytes_out) VALUES "
            + "(#{requestId}, #{keyId}, #{route}, #{model}, #{providerId}, #{upstreamModel}, #{status}, "
            + "#{errorCode}, #{inputTokens}, #{outputTokens}, #{costUsd}, #{streamed}, #{latencyMs}, "
            + "#{createdAt}, #{rerouted}, #{attempts}, #{cacheReadTokens}, #{cacheWriteTokens}, "
            + "#{organizationId}, #{teamId}, #{userId}, #{reasoningTokens}, #{costNanos}, #{currency}, "
            + "#{pricing}, #{providerRequestId}, #{usageEstimated}, #{limitEvents}, #{pluginEvents}, "
            + "#{mcpMethod}, #{mcpTool}, #{mcpTransport}, #{bytesIn}, #{bytesOut})")
    void insert(UsageRow row);

    @Select("SELECT request_id, key_id, route, model, provider_id, upstream_model, status, error_code, input_tokens, "
            + "output_tokens, cost_usd, streamed, latency_ms, created_at, rerouted, attempts, cache_read_tokens, "
            + "cache_write_tokens, organization_id, team_id, user_id, reasoning_tokens, cost_nanos, currency, pricing, "
            + "provider_request_id, usage_estimated, limit_events, plugin_events, mcp_method, mcp_tool, mcp_transport, "
            + "bytes_in, bytes_out FROM usage_records "
            + "WHERE key_id = #{keyId} "
            + "ORDER BY created_at DESC, id DESC LIMIT #{limit}")
    List<UsageRow> findByKey(@Param("keyId") String keyId, @Param("limit") int limit);
}
