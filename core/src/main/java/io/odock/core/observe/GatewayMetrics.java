package io.odock.core.observe;

import io.odock.core.usage.Attempt;
import io.odock.core.usage.UsageRecord;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

/**
 * The gateway's metrics, as {@code GET /metrics} shows them: requests, latency and the gateway's own overhead, upstream
 * latency per attempt, streams (time to first byte, tokens per second, how many are open), tokens and cost by model
 * and key, and the JVM's basics. Everything is recorded from the call's usage record when it ends, off the hot path
 * of the answer itself.
 */
public final class GatewayMetrics {
    private static final double[] SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
            30, 60, 120, 300};
    private static final double[] RATES = {1, 5, 10, 25, 50, 100, 250, 500, 1000};

    private final MetricRegistry registry = new MetricRegistry();
    private final AtomicInteger activeStreams = new AtomicInteger();
    private final MetricRegistry.Counter requests = registry.counter("odock_requests_total",
            "Model calls by route, provider, model and HTTP status", "route", "provider", "model", "status");
    private final MetricRegistry.Counter errors = registry.counter("odock_request_errors_total",
            "Failed model calls by route and error code", "route", "code");
    private final MetricRegistry.Histogram latency = registry.histogram("odock_request_duration_seconds",
            "Time from a call's arrival to the end of its answer", SECONDS, "route", "streamed");
    private final MetricRegistry.Histogram overhead = registry.histogram("odock_overhead_seconds",
            "The gateway's own time in a complete (non-streamed) call: its duration minus the upstream attempts",
            SECONDS, "route");
    private final MetricRegistry.Histogram upstream = registry.histogram("odock_upstream_duration_seconds",
            "Each upstream attempt's duration (to the first byte for streams) by provider and outcome", SECONDS,
            "provider", "outcome");
    private final MetricRegistry.Counter attempts = registry.counter("odock_upstream_attempts_total",
            "Upstream attempts by provider and outcome (error code when it failed)", "provider", "outcome");
    private final MetricRegistry.Histogram timeToFirstByte = registry.histogram("odock_stream_first_byte_seconds",
            "Time from a streamed call's arrival to its upstream's first byte", SECONDS, "provider", "model");
    private final MetricRegistry.Histogram tokensPerSecond = registry.histogram("odock_stream_tokens_per_second",
            "Output tokens per second of a stream after its first byte", RATES, "provider", "model");
    private final MetricRegistry.Counter tokens = registry.counter("odock_tokens_total",
            "Tokens by model, key and kind (input, output, cache_read, cache_write)", "model", "key", "kind");
    private final MetricRegistry.Counter cost = registry.counter("odock_cost_usd_total",
            "Cost in US dollars by model and key, for priced models", "model", "key");
    private final MetricRegistry.Counter pluginExecutions = registry.counter("odock_plugin_executions_total",
            "Blocker and SafetySec executions by plugin, moment and verdict (allow, observe, redact, block, error)",
            "plugin",
            "moment", "verdict");
    private final MetricRegistry.Histogram pluginDuration = registry.histogram("odock_plugin_duration_seconds",
            "How long blocker and SafetySec executions take", SECONDS, "plugin", "moment");

    private final MetricRegistry.Counter pluginRules = registry.counter("odock_plugin_rule_actions_total",
            "Rules of blockers and SafetySec filters that acted (observe, redact, block), by plugin, rule and action",
            "plugin", "rule", "action");
    private final MetricRegistry.Counter listenerDrops = registry.counter("odock_call_listener_dropped_total",
            "Call summaries a background listener could not take because its queue was full", "plugin");
    private final MetricRegistry.Counter limitRefusals = registry.counter("odock_ratelimit_refused_total",
            "Requests refused by a rate limit or quota, by scope kind and limit", "scope", "limit");
    private final MetricRegistry.Counter shadowExceeded = registry.counter("odock_ratelimit_shadow_exceeded_total",
            "Requests that exceeded a shadow-mode limit or budget (admitted anyway), by scope kind and limit",
            "scope", "limit");
    private final MetricRegistry.Counter budgetRefusals = registry.counter("odock_budget_refused_total",
            "Requests refused because a budget could not cover them, by scope kind", "scope");
    private final MetricRegistry.Counter governanceUnavailable = registry.counter("odock_governance_unavailable_total",
            "Requests refused with 503 because a dependency of limits, budgets or usage was down, by error code",
            "code");

    /** Registers the gauges that read live state. */
    public GatewayMetrics(DoubleSupplier pendingUsageRecords, java.util.function.BooleanSupplier databaseUp) {
        registry.gauge("odock_database_up", "1 when the last check reached the database, else 0",
                () -> databaseUp.getAsBoolean() ? 1 : 0);
        registry.gauge("odock_active_streams", "Streams being relayed now", activeStreams::get);
        registry.gauge("odock_usage_records_pending", "Usage records waiting to be written to the database",
                pendingUsageRecords);
        registry.gauge("odock_jvm_heap_used_bytes", "JVM heap in use",
                () -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        registry.gauge("odock_jvm_heap_max_bytes", "JVM heap limit",
                () -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax());
        registry.gauge("odock_jvm_threads", "Live platform threads",
                () -> ManagementFactory.getThreadMXBean().getThreadCount());
        registry.gauge("odock_uptime_seconds", "Seconds since the gateway started",
                () -> ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
    }

    /** Records a finished call. */
    public void record(UsageRecord call) {
        // A failed call names no deployment that served it; the provider it last tried is the one to blame.
        String provider = call.providerId()
                .or(() -> call.attempts().isEmpty() ? java.util.Optional.empty()
                        : java.util.Optional.of(call.attempts().getLast().provider()))
                .orElse("none");
        requests.increment(call.route(), provider, call.model(), Integer.toString(call.status()));
        call.errorCode().ifPresent(code -> errors.increment(call.route(), code));
        latency.observeWithExemplar(call.latencyMs() / 1000.0, call.requestId(), call.route(),
                Boolean.toString(call.streamed()));
        long upstreamMs = 0;
        for (Attempt attempt : call.attempts()) {
            String outcome = attempt.succeeded() ? "ok" : attempt.error().orElse("error");
            upstream.observe(attempt.latencyMs() / 1000.0, attempt.provider(), attempt.succeeded() ? "ok" : "error");
            attempts.increment(attempt.provider(), outcome);
            upstreamMs += attempt.latencyMs();
        }
        if (!call.streamed()) {
            overhead.observeWithExemplar(Math.max(0, call.latencyMs() - upstreamMs) / 1000.0, call.requestId(),
                    call.route());
        } else if (!call.attempts().isEmpty() && call.attempts().getLast().succeeded()) {
            long firstByteMs = upstreamMs;
            timeToFirstByte.observe(firstByteMs / 1000.0, provider, call.model());
            long generatingMs = call.latencyMs() - firstByteMs;
            if (generatingMs > 0 && call.outputTokens() > 0) {
                tokensPerSecond.observe(call.outputTokens() * 1000.0 / generatingMs, provider, call.model());
            }
        }
        long uncached = call.inputTokens() - call.cacheReadTokens() - call.cacheWriteTokens();
        tokens.add(Math.max(0, uncached), call.model(), call.keyId(), "input");
        tokens.add(call.outputTokens(), call.model(), call.keyId(), "output");
        tokens.add(call.cacheReadTokens(), call.model(), call.keyId(), "cache_read");
        tokens.add(call.cacheWriteTokens(), call.model(), call.keyId(), "cache_write");
        call.costUsd().ifPresent(usd -> cost.add(usd.doubleValue(), call.model(), call.keyId()));
    }

    /** A plugin rule acted on a call (SafetySec findings, blocker rules), by plugin, rule and action. */
    public void pluginRule(String plugin, String rule, String action) {
        pluginRules.increment(plugin, rule, action);
    }

    /** A background listener's queue was full: a summary was dropped for it. */
    public void listenerDropped(String plugin) {
        listenerDrops.increment(plugin);
    }

    /** A rate limit or quota refused a request. */
    public void limitRefused(String scopeKind, String limit) {
        limitRefusals.increment(scopeKind, limit);
    }

    /** A shadow-mode limit or budget was exceeded; the request went ahead. */
    public void shadowExceeded(String scopeKind, String limit) {
        shadowExceeded.increment(scopeKind, limit);
    }

    /** A budget refused a request. */
    public void budgetRefused(String scopeKind) {
        budgetRefusals.increment(scopeKind);
    }

    /** A request was refused because Redis, the database or the usage buffer could not meter it. */
    public void governanceUnavailable(String code) {
        governanceUnavailable.increment(code);
    }

    /** Registers the gauges of the request-body memory budget ({@code server.bodyMemoryBytes}). */
    public void bodyMemory(java.util.function.LongSupplier held, long capacity) {
        registry.gauge("odock_body_memory_held_bytes", "Bytes of large request bodies held by calls in flight",
                held::getAsLong);
        registry.gauge("odock_body_memory_capacity_bytes", "Bytes of large request bodies that may be held at once",
                () -> capacity);
    }

    /** Registers a gauge for a dependency's health (1 up, 0 down). */
    public void dependencyGauge(String name, String help, java.util.function.BooleanSupplier up) {
        registry.gauge(name, help, () -> up.getAsBoolean() ? 1 : 0);
    }

    /** A blocker or SafetySec filter ran. */
    public void pluginExecuted(String plugin, String moment, String verdict, long nanos) {
        pluginExecutions.increment(plugin, moment, verdict);
        pluginDuration.observe(nanos / 1e9, plugin, moment);
    }

    /** A stream started being relayed. */
    public void streamOpened() {
        activeStreams.incrementAndGet();
    }

    /** A stream ended, however it ended. */
    public void streamClosed() {
        activeStreams.decrementAndGet();
    }

    /** The exposition text (Prometheus 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    /** The exposition in OpenMetrics, with request ids as exemplars on the latency histograms. */
    public String scrapeOpenMetrics() {
        return registry.scrapeOpenMetrics();
    }
}
