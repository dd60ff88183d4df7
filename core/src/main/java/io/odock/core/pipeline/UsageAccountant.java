package io.odock.core.pipeline;

import io.odock.core.budget.Money;
import io.odock.core.config.Pricing;
import io.odock.core.plugins.CallListeners;
import io.odock.core.usage.UsageDetails;
import io.odock.spi.audit.CallSummary;
import io.odock.core.keys.KeyService;
import io.odock.core.routing.Deployment;
import io.odock.core.usage.UsageRecord;
import io.odock.core.observe.AccessLog;
import io.odock.core.observe.GatewayMetrics;
import io.odock.core.usage.UsageRecorder;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Step 8: prices a finished call exactly, settles its rate limits and budget reservations with the real figures, and
 * hands its usage record to the write-behind recorder; marks the key as used. Nothing here waits on the database on
 * the request's thread (budget settlements are queued too).
 */
public final class UsageAccountant {
    private final UsageRecorder recorder;
    private final KeyService keys;
    private final Clock clock;
    private final GatewayMetrics metrics;
    private final AccessLog accessLog;
    private final String currency;
    private final CallListeners listeners;

    /**
     * Records into this recorder, marks keys used in this service, and reports each call to metrics, the log and the
     * background call listeners.
     */
    public UsageAccountant(UsageRecorder recorder, KeyService keys, Clock clock, GatewayMetrics metrics,
                           AccessLog accessLog, String currency, CallListeners listeners) {
        this.currency = currency;
        this.listeners = listeners;
        this.recorder = recorder;
        this.keys = keys;
        this.clock = clock;
        this.metrics = metrics;
        this.accessLog = accessLog;
    }

    void account(CallRecord call) {
        Optional<Pricing> pricing = call.deployment().flatMap(Deployment::pricing);
        Optional<Long> costNanos = pricing.map(price -> price.costNanos(call.usage()));
        Optional<BigDecimal> cost = costNanos.map(Money::toDecimal);
        // Limits and budgets learn the real figures first, so the next request already sees them.
        call.permit().settle(call.usage().totalTokens(), costNanos.orElse(0L));
        UsageDetails details = new UsageDetails(call.key().owner(), call.usage().reasoningTokens(), costNanos,
                costNanos.map(nanos -> currency), pricing.map(Pricing::describe).orElse(java.util.Map.of()),
                call.providerRequestId(), call.estimated(), call.permit().events(), call.plugins().executions());
        long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - call.startNanos());
        UsageRecord record = new UsageRecord(call.requestId(), call.key().id(), call.route(), call.model(),
                call.deployment().map(d -> d.provider().id()), call.deployment().map(Deployment::upstreamModel),
                call.status(), call.errorCode(), call.usage().inputTokens(), call.usage().outputTokens(), cost,
                call.streamed(), latencyMs, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                call.attempts(), call.usage().cacheReadTokens(), call.usage().cacheWriteTokens(), details);
        recorder.record(record);
        metrics.record(record);
        accessLog.write(record);
        keys.markUsed(call.key().id());
        if (listeners.any()) {
            listeners.publish(summary(record));
        }
    }

    /**
     * Accounts an MCP call: its exact cost from the server's per-call and per-byte prices, settles its permit, and
     * records it like a model call (provider = the server, upstream model = the tool or method).
     */
    public void accountMcp(String requestId, io.odock.core.keys.ApiKey key, String route, String server,
                           io.odock.core.usage.McpUsage mcp, int status, Optional<String> errorCode,
                           Optional<Long> costNanos, Map<String, String> pricing, long startNanos,
                           io.odock.core.governance.Permit permit, PluginTrail plugins) {
        permit.settle(0, costNanos.orElse(0L));
        UsageDetails details = new UsageDetails(key.owner(), 0, costNanos, costNanos.map(nanos -> currency), pricing,
                Optional.empty(), false, permit.events(), plugins.executions(), Optional.of(mcp));
        long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        UsageRecord record = new UsageRecord(requestId, key.id(), route, "mcp:" + server, Optional.of(server),
                Optional.of(mcp.tool().orElse(mcp.method())), status, errorCode, 0, 0,
                costNanos.map(Money::toDecimal), false, latencyMs,
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), java.util.List.of(), 0, 0, details);
        recorder.record(record);
        metrics.record(record);
        accessLog.write(record);
        keys.markUsed(key.id());
        if (listeners.any()) {
            listeners.publish(summary(record));
        }
    }

    private static CallSummary summary(UsageRecord record) {
        UsageDetails details = record.details();
        return new CallSummary(record.requestId(), record.keyId(), details.owner().organization(),
                details.owner().team(), details.owner().user(), record.route(), record.model(), record.providerId(),
                record.status(), record.errorCode(), record.inputTokens(), record.outputTokens(),
                details.costNanos().map(Money::format), record.latencyMs(), record.createdAt(), details.plugins());
    }
}
