package io.odock.core.usage;

import java.math.BigDecimal;
import java.time.Instant;
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
        return row;
    }

    UsageRecord toRecord() {
        return new UsageRecord(requestId, keyId, route, model, Optional.ofNullable(providerId),
                Optional.ofNullable(upstreamModel), status, Optional.ofNullable(errorCode), inputTokens, outputTokens,
                Optional.ofNullable(costUsd), streamed, latencyMs, createdAt);
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
}
