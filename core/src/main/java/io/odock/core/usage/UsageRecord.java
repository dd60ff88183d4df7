package io.odock.core.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One authenticated call, as stored in {@code usage_records}: who, what, where it went, how it ended, what it cost.
 *
 * @param requestId     the request's id
 * @param keyId         the caller's key id
 * @param route         the route called
 * @param model         the client's model name (empty when the body could not be read)
 * @param providerId    the provider entry that served it
 * @param upstreamModel the upstream model name
 * @param status        the HTTP status the client got
 * @param errorCode     the error code, when it failed
 * @param inputTokens   input tokens
 * @param outputTokens  output tokens
 * @param costUsd       the cost, when the model has pricing
 * @param streamed      whether it was streamed
 * @param latencyMs     from arrival to the end of the answer
 * @param createdAt     when it ended
 * @param attempts      each try on a deployment, in order; more than one means the call was rerouted
 * @param cacheReadTokens  input tokens read from the provider's prompt cache (part of {@code inputTokens})
 * @param cacheWriteTokens input tokens written to the provider's prompt cache (part of {@code inputTokens})
 * @param details       the key's owner, exact cost and pricing, provider request id, estimate flag, shadow events
 */
public record UsageRecord(String requestId, String keyId, String route, String model, Optional<String> providerId,
                          Optional<String> upstreamModel, int status, Optional<String> errorCode, long inputTokens,
                          long outputTokens, Optional<BigDecimal> costUsd, boolean streamed, long latencyMs,
                          Instant createdAt, List<Attempt> attempts, long cacheReadTokens,
                          long cacheWriteTokens, UsageDetails details) {

    /** Validates the components. */
    public UsageRecord {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(upstreamModel, "upstreamModel");
        Objects.requireNonNull(errorCode, "errorCode");
        Objects.requireNonNull(costUsd, "costUsd");
        Objects.requireNonNull(createdAt, "createdAt");
        attempts = List.copyOf(attempts);
        Objects.requireNonNull(details, "details");
    }

    /** A record without details. */
    public UsageRecord(String requestId, String keyId, String route, String model, Optional<String> providerId,
                       Optional<String> upstreamModel, int status, Optional<String> errorCode, long inputTokens,
                       long outputTokens, Optional<BigDecimal> costUsd, boolean streamed, long latencyMs,
                       Instant createdAt, List<Attempt> attempts, long cacheReadTokens, long cacheWriteTokens) {
        this(requestId, keyId, route, model, providerId, upstreamModel, status, errorCode, inputTokens, outputTokens,
                costUsd, streamed, latencyMs, createdAt, attempts, cacheReadTokens, cacheWriteTokens,
                UsageDetails.NONE);
    }

    /** A record without cache buckets. */
    public UsageRecord(String requestId, String keyId, String route, String model, Optional<String> providerId,
                       Optional<String> upstreamModel, int status, Optional<String> errorCode, long inputTokens,
                       long outputTokens, Optional<BigDecimal> costUsd, boolean streamed, long latencyMs,
                       Instant createdAt, List<Attempt> attempts) {
        this(requestId, keyId, route, model, providerId, upstreamModel, status, errorCode, inputTokens, outputTokens,
                costUsd, streamed, latencyMs, createdAt, attempts, 0, 0);
    }

    /** A record without attempt details. */
    public UsageRecord(String requestId, String keyId, String route, String model, Optional<String> providerId,
                       Optional<String> upstreamModel, int status, Optional<String> errorCode, long inputTokens,
                       long outputTokens, Optional<BigDecimal> costUsd, boolean streamed, long latencyMs,
                       Instant createdAt) {
        this(requestId, keyId, route, model, providerId, upstreamModel, status, errorCode, inputTokens, outputTokens,
                costUsd, streamed, latencyMs, createdAt, List.of());
    }

    /** Whether the call took more than one attempt. */
    public boolean rerouted() {
        return attempts.size() > 1;
    }
}
