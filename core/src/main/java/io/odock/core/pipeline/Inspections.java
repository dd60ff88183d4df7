package io.odock.core.pipeline;

import io.odock.core.observe.GatewayMetrics;
import io.odock.core.plugins.ExtensionRegistry;
import io.odock.core.plugins.Inspectors;
import io.odock.core.plugins.LiveInspectors;
import io.odock.core.plugins.Named;
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
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs the inspecting plugins at their moments, in {@code plugins.order}: blockers before routing, SafetySec on the
 * request before the upstream call, on the answer after it, and on streamed text. A block becomes a 403 in the route's
 * dialect (naming the rule when the plugin did); a plugin that throws fails the request closed with 500
 * {@code plugin_error}. Every execution is counted in the metrics and written to the call's {@link PluginTrail}.
 */
public final class Inspections {
    private static final Logger log = LoggerFactory.getLogger(Inspections.class);

    private final LiveInspectors inspectors;
    private final GatewayMetrics metrics;

    /** Uses the blockers and filters in force at each call, and reports each execution to the metrics. */
    public Inspections(LiveInspectors inspectors, GatewayMetrics metrics) {
        this.inspectors = inspectors;
        this.metrics = metrics;
    }

    /** Uses a fixed registry's blockers and filters (tests). */
    public Inspections(ExtensionRegistry registry, GatewayMetrics metrics) {
        this(new LiveInspectors(new Inspectors(registry.safetyFilters(), registry.blockers())), metrics);
    }

    /** Whether streams must be normalized for inspection rather than relayed raw. */
    boolean inspectsStreams() {
        return inspectors.current().inspectsStreams();
    }

    /** Blockers, before routing. */
    GatewayRequest beforeRouting(GatewayRequest request, RequestInfo info, PluginTrail trail) {
        GatewayRequest current = request;
        for (Named<RequestBlocker> blocker : inspectors.current().blockers()) {
            GatewayRequest seen = current;
            Verdict verdict = guarded(blocker.id(), "before_routing", info, trail,
                    () -> blocker.extension().check(seen, info));
            current = enforce(verdict, current, ErrorCodes.PLUGIN_BLOCKED);
        }
        return current;
    }

    /** SafetySec on the request, before the upstream call. */
    public GatewayRequest beforeUpstream(GatewayRequest request, RequestInfo info, PluginTrail trail) {
        GatewayRequest current = request;
        for (Named<SafetyFilter> filter : inspectors.current().safetyFilters()) {
            GatewayRequest seen = current;
            Verdict verdict = guarded(filter.id(), "before_upstream", info, trail,
                    () -> filter.extension().inspectRequest(seen, info));
            current = enforce(verdict, current, ErrorCodes.SAFETY_BLOCKED);
        }
        return current;
    }

    /** SafetySec on a complete answer, after the upstream call. */
    public GatewayResponse afterUpstream(GatewayRequest request, GatewayResponse response, RequestInfo info,
                                  PluginTrail trail) {
        GatewayResponse current = response;
        for (Named<SafetyFilter> filter : inspectors.current().safetyFilters()) {
            GatewayResponse seen = current;
            Verdict verdict = guarded(filter.id(), "after_upstream", info, trail,
                    () -> filter.extension().inspectResponse(request, seen, info));
            switch (verdict) {
                case Verdict.Allow allow -> { }
                case Verdict.Observe observe -> { }
                case Verdict.Redact redact -> current = Redactor.apply(current, redact.redactions());
                case Verdict.Block block -> throw blocked(block, ErrorCodes.SAFETY_BLOCKED);
            }
        }
        return current;
    }

    /** A per-stream inspector of text pieces; a pass-through when no filter inspects streams. */
    StreamTextInspector forStream(GatewayRequest request, RequestInfo info, PluginTrail trail) {
        Inspectors set = inspectors.current();
        if (!set.inspectsStreams()) {
            return StreamTextInspector.PASS_THROUGH;
        }
        return new WindowedInspector(set, request, info, trail);
    }

    /**
     * Inspects a stream's text: each piece joins what is held back, the filters see it whole, and all but the last
     * {@code streamWindow} characters go to the client. So a pattern split across pieces is caught and redacted before
     * any of it is sent, and no text waits longer than the window.
     */
    interface StreamTextInspector {
        /** Passes every piece at once. */
        StreamTextInspector PASS_THROUGH = new StreamTextInspector() {
            @Override
            public String inspect(int choice, String delta) {
                return delta;
            }

            @Override
            public Map<Integer, String> flush() {
                return Map.of();
            }
        };

        /** The text to send now for this choice (possibly less than the piece, possibly redacted); 403 on a block. */
        String inspect(int choice, String delta);

        /** What is still held back, per choice, inspected one last time; to send before anything that ends a choice. */
        Map<Integer, String> flush();
    }

    private final class WindowedInspector implements StreamTextInspector {
        private final Inspectors set;
        private final int streamWindow;
        private final GatewayRequest request;
        private final RequestInfo info;
        private final PluginTrail trail;
        private final Map<Integer, StringBuilder> sent = new HashMap<>();
        private final Map<Integer, String> held = new HashMap<>();

        WindowedInspector(Inspectors set, GatewayRequest request, RequestInfo info, PluginTrail trail) {
            this.set = set;
            this.streamWindow = set.streamWindow();
            this.request = request;
            this.info = info;
            this.trail = trail;
        }

        @Override
        public String inspect(int choice, String delta) {
            String pending = inspected(choice, held.getOrDefault(choice, "") + delta);
            int keep = Math.min(streamWindow, pending.length());
            // Never split a surrogate pair between what is sent and what is held.
            int cut = pending.length() - keep;
            if (cut > 0 && cut < pending.length() && Character.isLowSurrogate(pending.charAt(cut))) {
                cut--;
            }
            String out = pending.substring(0, cut);
            held.put(choice, pending.substring(cut));
            sent.computeIfAbsent(choice, c -> new StringBuilder()).append(out);
            return out;
        }

        @Override
        public Map<Integer, String> flush() {
            Map<Integer, String> rest = new HashMap<>();
            for (Map.Entry<Integer, String> entry : held.entrySet()) {
                if (!entry.getValue().isEmpty()) {
                    String out = inspected(entry.getKey(), entry.getValue());
                    sent.computeIfAbsent(entry.getKey(), c -> new StringBuilder()).append(out);
                    rest.put(entry.getKey(), out);
                }
            }
            held.clear();
            return rest;
        }

        private String inspected(int choice, String pending) {
            String current = pending;
            String before = sent.getOrDefault(choice, new StringBuilder()).toString();
            for (Named<SafetyFilter> filter : set.safetyFilters()) {
                if (!filter.extension().inspectsStreams()) {
                    continue;
                }
                String seen = current;
                Verdict verdict = guarded(filter.id(), "stream", info, trail,
                        () -> filter.extension().inspectStreamText(request, info, before, seen));
                switch (verdict) {
                    case Verdict.Allow allow -> { }
                    case Verdict.Observe observe -> { }
                    case Verdict.Redact redact -> current = Redactor.apply(current, redact.redactions());
                    case Verdict.Block block -> throw blocked(block, ErrorCodes.SAFETY_BLOCKED);
                }
            }
            return current;
        }
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
        GatewayException error = new GatewayException(403, code, block.reason());
        return block.rule().isBlank() ? error : error.withDetail("rule", block.rule());
    }

    /**
     * Fails closed: a plugin that throws, or returns nothing, refuses the request. Every execution is counted with its
     * moment, action and duration, and written to the trail with the rules behind it.
     */
    private Verdict guarded(String plugin, String moment, RequestInfo info, PluginTrail trail,
                            Supplier<Verdict> call) {
        long started = System.nanoTime();
        Verdict verdict;
        try {
            verdict = call.get();
        } catch (GatewayException e) {
            record(plugin, moment, "block", List.of(), started, trail);
            throw e;
        } catch (RuntimeException | LinkageError e) {
            record(plugin, moment, "error", List.of(), started, trail);
            log.error("Request {}: plugin {} failed; refusing the request", info.requestId(), plugin, e);
            throw new GatewayException(500, ErrorCodes.PLUGIN_ERROR,
                    "A gateway plugin failed while inspecting the request");
        }
        if (verdict == null) {
            record(plugin, moment, "error", List.of(), started, trail);
            log.error("Request {}: plugin {} returned no verdict; refusing the request", info.requestId(), plugin);
            throw new GatewayException(500, ErrorCodes.PLUGIN_ERROR,
                    "A gateway plugin failed while inspecting the request");
        }
        switch (verdict) {
            case Verdict.Allow allow -> record(plugin, moment, "allow", List.of(), started, trail);
            case Verdict.Observe observe -> record(plugin, moment, "observe",
                    observe.findings().stream().map(Verdict.Finding::rule).distinct().toList(), started, trail);
            case Verdict.Redact redact -> record(plugin, moment, "redact",
                    redact.redactions().stream().map(Verdict.Redaction::rule).distinct().toList(), started, trail);
            case Verdict.Block block -> record(plugin, moment, "block",
                    block.rule().isBlank() ? List.of() : List.of(block.rule()), started, trail);
        }
        return verdict;
    }

    private void record(String plugin, String moment, String action, List<String> rules, long started,
                        PluginTrail trail) {
        long nanos = System.nanoTime() - started;
        metrics.pluginExecuted(plugin, moment, action, nanos);
        for (String rule : rules) {
            metrics.pluginRule(plugin, rule, action);
        }
        trail.add(plugin, moment, action, rules, nanos);
    }
}
