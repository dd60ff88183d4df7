package io.odock.core.plugins;

import io.odock.spi.audit.CallListener;
import io.odock.spi.blocker.RequestBlocker;
import io.odock.spi.dialect.DialectTranslator;
import io.odock.spi.safety.SafetyFilter;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every extension the gateway created at start-up, resolved once and never changed: the request path only reads
 * these maps.
 *
 * @param providers     adapters by provider type
 * @param translators   translators by dialect
 * @param safetyFilters SafetySec filters, in the order they run
 * @param blockers      request blockers, in the order they run
 * @param listeners     background call listeners
 * @param plugins       the plugins that were loaded
 * @param failures      what was skipped, and why
 */
public record ExtensionRegistry(Map<String, ProviderBinding> providers, Map<String, DialectTranslator> translators,
                                List<Named<SafetyFilter>> safetyFilters, List<Named<RequestBlocker>> blockers,
                                List<Named<CallListener>> listeners, List<LoadedPlugin> plugins,
                                List<PluginFailure> failures) {

    /** Makes every collection immutable. */
    public ExtensionRegistry {
        providers = Map.copyOf(providers);
        translators = Map.copyOf(translators);
        safetyFilters = List.copyOf(safetyFilters);
        blockers = List.copyOf(blockers);
        listeners = List.copyOf(listeners);
        plugins = List.copyOf(plugins);
        failures = List.copyOf(failures);
    }

    /** The adapter for a provider type. */
    public Optional<ProviderBinding> provider(String type) {
        return Optional.ofNullable(providers.get(type));
    }

    /** The translator for a dialect. */
    public Optional<DialectTranslator> translator(String dialect) {
        return Optional.ofNullable(translators.get(dialect));
    }

    /** Whether any SafetySec filter inspects streamed answers (then streams are normalized, not relayed raw). */
    public boolean inspectsStreams() {
        return safetyFilters.stream().anyMatch(filter -> filter.extension().inspectsStreams());
    }
}
