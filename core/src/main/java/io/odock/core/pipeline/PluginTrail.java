package io.odock.core.pipeline;

import io.odock.spi.audit.CallSummary;

import java.util.ArrayList;
import java.util.List;

/**
 * What the inspecting plugins did to one call, in order: each execution's plugin, moment, action, rules and duration.
 * It goes into the call's usage record and to call listeners. Streams add to it from the relaying thread only.
 */
public final class PluginTrail {
    private final List<CallSummary.PluginExecution> executions = new ArrayList<>();

    synchronized void add(String plugin, String moment, String action, List<String> rules, long nanos) {
        // A stream with many pieces records each action once per plugin and rule set, not once per piece.
        if (moment.equals("stream") && action.equals("allow")) {
            return;
        }
        executions.add(new CallSummary.PluginExecution(plugin, moment, action, rules, nanos / 1_000));
    }

    /** The executions so far. */
    public synchronized List<CallSummary.PluginExecution> executions() {
        return List.copyOf(executions);
    }
}
