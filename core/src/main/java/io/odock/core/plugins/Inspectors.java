package io.odock.core.plugins;

import io.odock.spi.blocker.RequestBlocker;
import io.odock.spi.safety.SafetyFilter;

import java.util.List;

/**
 * The blockers and SafetySec filters in force, in the order they run. Replaced whole when a reload changes their
 * settings; a call takes one set and uses it to its end.
 *
 * @param safetyFilters SafetySec filters
 * @param blockers      request blockers
 */
public record Inspectors(List<Named<SafetyFilter>> safetyFilters, List<Named<RequestBlocker>> blockers) {

    /** Makes the lists immutable. */
    public Inspectors {
        safetyFilters = List.copyOf(safetyFilters);
        blockers = List.copyOf(blockers);
    }

    /** Whether any filter inspects streamed answers (then streams are normalized, not relayed raw). */
    public boolean inspectsStreams() {
        return safetyFilters.stream().anyMatch(filter -> filter.extension().inspectsStreams());
    }

    /** How much streamed text is held back: the largest window of the filters that inspect streams. */
    public int streamWindow() {
        return safetyFilters.stream().filter(filter -> filter.extension().inspectsStreams())
                .mapToInt(filter -> Math.max(0, filter.extension().streamWindow())).max().orElse(0);
    }
}
