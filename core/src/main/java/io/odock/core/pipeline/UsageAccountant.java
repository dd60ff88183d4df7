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

    private static CallSummary summary(UsageRecord record) {
        UsageDetails details = record.details();
        return new CallSummary(record.requestId(), record.keyId(), details.owner().organization(),
                details.owner().team(), details.owner().user(), record.route(), record.model(), record.providerId(),
                record.status(), record.errorCode(), record.inputTokens(), record.outputTokens(),
                details.costNanos().map(Money::format), record.latencyMs(), record.createdAt(), details.plugins());
    }
}
