package io.odock.core.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
        return row;
    }

    UsageRecord toRecord() {
        return new UsageRecord(requestId, keyId, route, model, Optional.ofNullable(providerId),
                Optional.ofNullable(upstreamModel), status, Optional.ofNullable(errorCode), inputTokens, outputTokens,
                Optional.ofNullable(costUsd), streamed, latencyMs, createdAt, readAttempts(attempts),
                cacheReadTokens, cacheWriteTokens);
    }

    private static String writeAttempts(List<Attempt> attempts) {
        ArrayNode array = JSON.createArrayNode();
        for (Attempt attempt : attempts) {
            ObjectNode node = array.addObject();
            node.put("provider", attempt.provider());
            node.put("model", attempt.model());
            node.put("outcome", attempt.succeeded() ? "ok" : "error");
            node.put("error", attempt.error().orElse(null));
            node.put("latency_ms", attempt.latencyMs());
        }
        return array.toString();
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
}
