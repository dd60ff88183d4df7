package io.odock.core.usage;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

import java.util.List;

/** SQL for {@code usage_records}. */
public interface UsageMapper {
    /** Inserts a batch in one multi-row statement. */
    @Insert("<script>INSERT INTO usage_records (request_id, key_id, route, model, provider_id, upstream_model, status, "
            + "error_code, input_tokens, output_tokens, cost_usd, streamed, latency_ms, created_at, rerouted, attempts, "
            + "cache_read_tokens, cache_write_tokens, organization_id, team_id, user_id, reasoning_tokens, cost_nanos, "
            + "currency, pricing, provider_request_id, usage_estimated, limit_events, plugin_events, mcp_method, mcp_tool, "
            + "mcp_transport, bytes_in, bytes_out) VALUES "
            + "<foreach collection='rows' item='r' separator=','>"
            + "(#{r.requestId}, #{r.keyId}, #{r.route}, #{r.model}, #{r.providerId}, #{r.upstreamModel}, #{r.status}, "
            + "#{r.errorCode}, #{r.inputTokens}, #{r.outputTokens}, #{r.costUsd}, #{r.streamed}, #{r.latencyMs}, "
            + "#{r.createdAt}, #{r.rerouted}, #{r.attempts}, #{r.cacheReadTokens}, #{r.cacheWriteTokens}, "
            + "#{r.organizationId}, #{r.teamId}, #{r.userId}, #{r.reasoningTokens}, #{r.costNanos}, #{r.currency}, "
            + "#{r.pricing}, #{r.providerRequestId}, #{r.usageEstimated}, #{r.limitEvents}, #{r.pluginEvents}, "
            + "#{r.mcpMethod}, #{r.mcpTool}, #{r.mcpTransport}, #{r.bytesIn}, #{r.bytesOut})"
            + "</foreach></script>")
    void insertAll(@Param("rows") List<UsageRow> rows);

    @Select("SELECT request_id, key_id, route, model, provider_id, upstream_model, status, error_code, input_tokens, "
            + "output_tokens, cost_usd, streamed, latency_ms, created_at, rerouted, attempts, cache_read_tokens, "
            + "cache_write_tokens, organization_id, team_id, user_id, reasoning_tokens, cost_nanos, currency, pricing, "
            + "provider_request_id, usage_estimated, limit_events, plugin_events, mcp_method, mcp_tool, mcp_transport, "
            + "bytes_in, bytes_out FROM usage_records "
            + "WHERE key_id = #{keyId} "
            + "ORDER BY created_at DESC, id DESC LIMIT #{limit}")
    List<UsageRow> findByKey(@Param("keyId") String keyId, @Param("limit") int limit);
}
