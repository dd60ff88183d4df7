package io.odock.core.pipeline;

import io.odock.core.config.Pricing;
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
 * Step 8: prices a finished call and hands its usage record to the write-behind recorder; marks the key as used.
 * Nothing here touches the database on the request's thread.
 */
public final class UsageAccountant {
    private final UsageRecorder recorder;
    private final KeyService keys;
    private final Clock clock;
    private final GatewayMetrics metrics;
    private final AccessLog accessLog;

    /** Records into this recorder, marks keys used in this service, and reports each call to metrics and the log. */
    public UsageAccountant(UsageRecorder recorder, KeyService keys, Clock clock, GatewayMetrics metrics,
                           AccessLog accessLog) {
        this.recorder = recorder;
        this.keys = keys;
        this.clock = clock;
        this.metrics = metrics;
        this.accessLog = accessLog;
    }

    void account(CallRecord call) {
        Optional<BigDecimal> cost = call.deployment().flatMap(Deployment::pricing)
                .map((Pricing pricing) -> pricing.cost(call.usage()));
        long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - call.startNanos());
        UsageRecord record = new UsageRecord(call.requestId(), call.key().id(), call.route(), call.model(),
                call.deployment().map(d -> d.provider().id()), call.deployment().map(Deployment::upstreamModel),
                call.status(), call.errorCode(), call.usage().inputTokens(), call.usage().outputTokens(), cost,
                call.streamed(), latencyMs, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                call.attempts(), call.usage().cacheReadTokens(), call.usage().cacheWriteTokens());
        recorder.record(record);
        metrics.record(record);
        accessLog.write(record);
        keys.markUsed(call.key().id());
    }
}
