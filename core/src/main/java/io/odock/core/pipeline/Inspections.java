package io.odock.core.pipeline;

import io.odock.core.observe.GatewayMetrics;
import io.odock.core.plugins.ExtensionRegistry;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.blocker.RequestBlocker;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.RequestInfo;
import io.odock.spi.plugin.Verdict;
import io.odock.spi.safety.SafetyFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs the inspecting plugins at their moments: blockers before routing, SafetySec on the request before the upstream
 * call, on the answer after it, and on each streamed text piece. A block becomes a 403 in the route's dialect; a
 * plugin that throws fails the request closed with 500 {@code plugin_error}.
 */
public final class Inspections {
    private static final Logger log = LoggerFactory.getLogger(Inspections.class);

    private final ExtensionRegistry registry;
    private final GatewayMetrics metrics;

    /** Uses the registry's blockers and filters, and reports each execution to the metrics. */
    public Inspections(ExtensionRegistry registry, GatewayMetrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    /** Blockers, before routing. */
    GatewayRequest beforeRouting(GatewayRequest request, RequestInfo info) {
        GatewayRequest current = request;
        for (RequestBlocker blocker : registry.blockers()) {
            GatewayRequest seen = current;
            Verdict verdict = guarded(blocker, "before_routing", info, () -> blocker.check(seen, info));
            current = enforce(verdict, current, ErrorCodes.REQUEST_BLOCKED);
        }
        return current;
    }

    /** SafetySec on the request, before the upstream call. */
    GatewayRequest beforeUpstream(GatewayRequest request, RequestInfo info) {
        GatewayRequest current = request;
        for (SafetyFilter filter : registry.safetyFilters()) {
            GatewayRequest seen = current;
            Verdict verdict = guarded(filter, "before_upstream", info, () -> filter.inspectRequest(seen, info));
            current = enforce(verdict, current, ErrorCodes.SAFETY_BLOCKED);
        }
        return current;
    }

    /** SafetySec on a complete answer. */
    GatewayResponse afterResponse(GatewayRequest request, GatewayResponse response, RequestInfo info) {
        GatewayResponse current = response;
        for (SafetyFilter filter : registry.safetyFilters()) {
            GatewayResponse seen = current;
            Verdict verdict = guarded(filter, "after_response", info,
                    () -> filter.inspectResponse(request, seen, info));
            switch (verdict) {
                case Verdict.Allow allow -> { }
                case Verdict.Observe observe -> { }
                case Verdict.Redact redact -> current = Redactor.apply(current, redact.redactions());
                case Verdict.Block block -> throw blocked(block, ErrorCodes.SAFETY_BLOCKED);
            }
        }
        return current;
    }

    /** A per-stream inspector of text pieces; a no-op when no filter inspects streams. */
    StreamTextInspector forStream(GatewayRequest request, RequestInfo info) {
        if (!registry.inspectsStreams()) {
            return (choice, delta) -> delta;
        }
        Map<Integer, StringBuilder> soFar = new HashMap<>();
        return (choice, delta) -> {
            StringBuilder text = soFar.computeIfAbsent(choice, c -> new StringBuilder());
            String current = delta;
            for (SafetyFilter filter : registry.safetyFilters()) {
                if (!filter.inspectsStreams()) {
                    continue;
                }
                String seen = current;
                Verdict verdict = guarded(filter, "stream", info,
                        () -> filter.inspectStreamText(request, info, text.toString(), seen));
                switch (verdict) {
                    case Verdict.Allow allow -> { }
                    case Verdict.Observe observe -> { }
                    case Verdict.Redact redact -> current = Redactor.apply(current, redact.redactions());
                    case Verdict.Block block -> throw blocked(block, ErrorCodes.SAFETY_BLOCKED);
                }
            }
            text.append(current);
            return current;
        };
    }

    /** Inspects one streamed text piece. */
    @FunctionalInterface
    interface StreamTextInspector {
        /** The piece to send (possibly redacted); throws a 403 {@link GatewayException} on a block. */
        String inspect(int choice, String delta);
    }

    private static GatewayRequest enforce(Verdict verdict, GatewayRequest request, String defaultCode) {
        return switch (verdict) {
            case Verdict.Allow allow -> request;
            case Verdict.Observe observe -> request;
            case Verdict.Redact redact -> Redactor.apply(request, redact.redactions());
            case Verdict.Block block -> throw blocked(block, defaultCode);
        };
    }

    private static GatewayException blocked(Verdict.Block block, String defaultCode) {
        String code = block.code().isBlank() ? defaultCode : block.code();
        return new GatewayException(403, code, block.reason());
    }

    /**
     * Fails closed: a plugin that throws, or returns nothing, refuses the request. Every execution is counted with its
     * moment, verdict and duration.
     */
    private Verdict guarded(Object plugin, String moment, RequestInfo info, Supplier<Verdict> call) {
        String name = plugin.getClass().getSimpleName();
        long started = System.nanoTime();
        Verdict verdict;
        try {
            verdict = call.get();
        } catch (GatewayException e) {
            metrics.pluginExecuted(name, moment, "block", System.nanoTime() - started);
            throw e;
        } catch (RuntimeException | LinkageError e) {
            metrics.pluginExecuted(name, moment, "error", System.nanoTime() - started);
            log.error("Request {}: plugin {} failed; refusing the request", info.requestId(),
                    plugin.getClass().getName(), e);
            throw new GatewayException(500, ErrorCodes.PLUGIN_ERROR, "A gateway plugin failed while inspecting the request");
        }
        metrics.pluginExecuted(name, moment, switch (verdict) {
            case null -> "error";
            case Verdict.Allow allow -> "allow";
            case Verdict.Observe observe -> "observe";
            case Verdict.Redact redact -> "redact";
            case Verdict.Block block -> "block";
        }, System.nanoTime() - started);
        if (verdict == null) {
            log.error("Request {}: plugin {} returned no verdict; refusing the request", info.requestId(),
                    plugin.getClass().getName());
            throw new GatewayException(500, ErrorCodes.PLUGIN_ERROR, "A gateway plugin failed while inspecting the request");
        }
        return verdict;
    }
}
