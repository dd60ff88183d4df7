package io.odock.core.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A row of {@code usage_records} as MyBatis maps it. */
public final class UsageRow {
    private String requestId;
    private String keyId;
    private String route;
    private String model;
    private String providerId;
    private String upstreamModel;
    private int status;
    private String errorCode;
    private long inputTokens;
    private long outputTokens;
    private BigDecimal costUsd;
    private boolean streamed;
    private long latencyMs;
    private Instant createdAt;
    private boolean rerouted;
    private String attempts;
    private long cacheReadTokens;
    private long cacheWriteTokens;
    private String organizationId;
    private String teamId;
    private String userId;
    private long reasoningTokens;
    private Long costNanos;
    private String currency;
    private String pricing;
    private String providerRequestId;
    private boolean usageEstimated;
    private String limitEvents;
    private String pluginEvents;
    private String mcpMethod;
    private String mcpTool;
    private String mcpTransport;
    private long bytesIn;
    private long bytesOut;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** For MyBatis. */
    public UsageRow() {
    }

    static UsageRow of(UsageRecord record) {
        UsageRow row = new UsageRow();
        row.requestId = record.requestId();
        row.keyId = record.keyId();
        row.route = record.route();
        row.model = record.model();
        row.providerId = record.providerId().orElse(null);
        row.upstreamModel = record.upstreamModel().orElse(null);
        row.status = record.status();
        row.errorCode = record.errorCode().orElse(null);
        row.inputTokens = record.inputTokens();
        row.outputTokens = record.outputTokens();
        row.costUsd = record.costUsd().orElse(null);
        row.streamed = record.streamed();
        row.latencyMs = record.latencyMs();
        row.createdAt = record.createdAt();
        row.rerouted = record.rerouted();
        row.attempts = record.attempts().isEmpty() ? null : writeAttempts(record.attempts());
        row.cacheReadTokens = record.cacheReadTokens();
        row.cacheWriteTokens = record.cacheWriteTokens();
        UsageDetails details = record.details();
        row.organizationId = details.owner().organization().orElse(null);
        row.teamId = details.owner().team().orElse(null);
        row.userId = details.owner().user().orElse(null);
        row.reasoningTokens = details.reasoningTokens();
        row.costNanos = details.costNanos().orElse(null);
        row.currency = details.currency().orElse(null);
        row.pricing = details.pricing().isEmpty() ? null : JsonColumns.sortedObject(details.pricing());
        row.providerRequestId = details.providerRequestId().orElse(null);
        row.usageEstimated = details.estimated();
        row.limitEvents = details.limitEvents().isEmpty() ? null : JsonColumns.array(details.limitEvents());
        row.pluginEvents = details.plugins().isEmpty() ? null : PluginEventsJson.write(details.plugins());
        details.mcp().ifPresent(mcp -> {
            row.mcpMethod = mcp.method();
            row.mcpTool = mcp.tool().orElse(null);
            row.mcpTransport = mcp.transport();
            row.bytesIn = mcp.bytesIn();
            row.bytesOut = mcp.bytesOut();
        });
        return row;
    }

    UsageRecord toRecord() {
        return new UsageRecord(requestId, keyId, route, model, Optional.ofNullable(providerId),
                Optional.ofNullable(upstreamModel), status, Optional.ofNullable(errorCode), inputTokens, outputTokens,
                Optional.ofNullable(costUsd), streamed, latencyMs, createdAt, readAttempts(attempts),
                cacheReadTokens, cacheWriteTokens, new UsageDetails(new io.odock.core.keys.KeyOwner(
                        Optional.ofNullable(organizationId), Optional.ofNullable(teamId), Optional.ofNullable(userId)),
                reasoningTokens, Optional.ofNullable(costNanos), Optional.ofNullable(currency), readMap(pricing),
                Optional.ofNullable(providerRequestId), usageEstimated, readList(limitEvents),
                PluginEventsJson.read(pluginEvents), mcpMethod == null ? Optional.empty()
                        : Optional.of(new McpUsage(mcpMethod, Optional.ofNullable(mcpTool),
                        mcpTransport == null ? "" : mcpTransport, bytesIn, bytesOut))));
    }

    private static java.util.Map<String, String> readMap(String text) {
        if (text == null || text.isBlank()) {
            return java.util.Map.of();
        }
        try {
            return JSON.readValue(text, new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("usage_records.pricing is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static List<String> readList(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        try {
            return JSON.readValue(text, new com.fasterxml.jackson.core.type.TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("usage_records.limit_events is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String writeAttempts(List<Attempt> attempts) {
        return JsonColumns.text(json -> Attempt.write(attempts, json));
    }

    private static List<Attempt> readAttempts(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        try {
            List<Attempt> attempts = new ArrayList<>();
            for (JsonNode node : JSON.readTree(text)) {
                attempts.add(new Attempt(node.path("provider").asText(), node.path("model").asText(),
                        node.path("outcome").asText().equals("ok"),
                        Optional.ofNullable(node.path("error").textValue()), node.path("latency_ms").asLong()));
            }
            return attempts;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("usage_records.attempts is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    public String getRequestId() { return requestId; }
    public String getKeyId() { return keyId; }
    public String getRoute() { return route; }
    public String getModel() { return model; }
    public String getProviderId() { return providerId; }
    public String getUpstreamModel() { return upstreamModel; }
    public int getStatus() { return status; }
    public String getErrorCode() { return errorCode; }
    public long getInputTokens() { return inputTokens; }
    public long getOutputTokens() { return outputTokens; }
    public BigDecimal getCostUsd() { return costUsd; }
    public boolean isStreamed() { return streamed; }
    public long getLatencyMs() { return latencyMs; }
    public Instant getCreatedAt() { return createdAt; }
    public boolean isRerouted() { return rerouted; }
    public String getAttempts() { return attempts; }
    public long getCacheReadTokens() { return cacheReadTokens; }
    public long getCacheWriteTokens() { return cacheWriteTokens; }
    public String getOrganizationId() { return organizationId; }
    public String getTeamId() { return teamId; }
    public String getUserId() { return userId; }
    public long getReasoningTokens() { return reasoningTokens; }
    public Long getCostNanos() { return costNanos; }
    public String getCurrency() { return currency; }
    public String getPricing() { return pricing; }
    public String getProviderRequestId() { return providerRequestId; }
    public boolean isUsageEstimated() { return usageEstimated; }
    public String getLimitEvents() { return limitEvents; }
    public String getPluginEvents() { return pluginEvents; }
    public String getMcpMethod() { return mcpMethod; }
    public String getMcpTool() { return mcpTool; }
    public String getMcpTransport() { return mcpTransport; }
    public long getBytesIn() { return bytesIn; }
    public long getBytesOut() { return bytesOut; }
}
