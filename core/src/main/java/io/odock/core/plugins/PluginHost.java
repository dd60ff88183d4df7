package io.odock.core.plugins;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.core.config.ConfigException;
import io.odock.core.config.PluginsConfig;
import io.odock.spi.SpiVersion;
import io.odock.spi.blocker.RequestBlocker;
import io.odock.spi.audit.CallListener;
import io.odock.spi.audit.CallListenerFactory;
import io.odock.spi.blocker.RequestBlockerFactory;
import io.odock.spi.dialect.DialectTranslator;
import io.odock.spi.dialect.DialectTranslatorFactory;
import io.odock.spi.plugin.ConfigKey;
import io.odock.spi.plugin.ExtensionFactory;
import io.odock.spi.plugin.PluginConfig;
import io.odock.spi.provider.ProviderAdapterFactory;
import io.odock.spi.provider.UpstreamClient;
import io.odock.spi.safety.SafetyFilter;
import io.odock.spi.safety.SafetyFilterFactory;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads the plugins in {@code plugins/} once at start-up and creates their extensions into an immutable
 * {@link ExtensionRegistry}. A plugin that cannot be loaded (corrupt, incompatible, throwing) is skipped and reported;
 * the gateway starts without it. A plugin section that lacks a required key is a configuration error.
 */
public final class PluginHost implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PluginHost.class);

    private final OdockPluginManager manager;
    private final ExtensionRegistry registry;
    private final List<Inspecting<?>> inspecting;
    private final LiveInspectors inspectors;
    private final Path configFile;
    private final UpstreamClient http;
    private final ObjectMapper json;
    private final List<Object> created;

    private PluginHost(OdockPluginManager manager, ExtensionRegistry registry, List<Object> created,
                       List<Inspecting<?>> inspecting, Path configFile, UpstreamClient http, ObjectMapper json) {
        this.manager = manager;
        this.registry = registry;
        this.created = created;
        this.inspecting = List.copyOf(inspecting);
        this.inspectors = new LiveInspectors(new Inspectors(registry.safetyFilters(), registry.blockers()));
        this.configFile = configFile;
        this.http = http;
        this.json = json;
    }

    /** An inspecting extension's factory, kept so a reload can create it again with new settings. */
    private record Inspecting<T>(PluginWrapper plugin, ExtensionFactory<T> factory, boolean safety) {
    }


    /**
     * Loads and starts every plugin, then creates every extension.
     *
     * @param config     the {@code plugins:} section
     * @param configFile the configuration file, named in configuration errors
     * @param http       the upstream HTTP client lent to extensions
     * @param json       the shared JSON mapper lent to extensions
     */
    public static PluginHost start(PluginsConfig config, Path configFile, UpstreamClient http, ObjectMapper json) {
        Path dir = config.dir();
        if (!Files.isDirectory(dir)) {
            log.warn("Plugins directory {} does not exist; starting without plugins", dir);
        }
        OdockPluginManager manager = new OdockPluginManager(dir);
        List<PluginFailure> failures = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            loadEach(manager, failures);
            manager.startPlugins();
        }
        List<PluginWrapper> started = new ArrayList<>();
        for (PluginWrapper plugin : manager.getPlugins()) {
            if (plugin.getPluginState() == PluginState.STARTED) {
                started.add(plugin);
            } else {
                failures.add(new PluginFailure(plugin.getPluginPath().toString(), whyNotStarted(manager, plugin)));
            }
        }
        started.sort(Comparator.comparing(PluginWrapper::getPluginId));

        Creator creator = new Creator(config, configFile, http, json, failures);
        Map<String, ProviderBinding> providers = new LinkedHashMap<>();
        Map<String, DialectTranslator> translators = new LinkedHashMap<>();
        List<Named<SafetyFilter>> safetyFilters = new ArrayList<>();
        List<Named<RequestBlocker>> blockers = new ArrayList<>();
        List<Named<CallListener>> listeners = new ArrayList<>();
        List<LoadedPlugin> loaded = new ArrayList<>();
        List<Inspecting<?>> inspecting = new ArrayList<>();
        for (PluginWrapper plugin : started) {
            List<LoadedPlugin.Extension> extensions = new ArrayList<>();
            for (ProviderAdapterFactory factory : creator.factories(manager, plugin, ProviderAdapterFactory.class)) {
                if (providers.containsKey(factory.type())) {
                    creator.skip(plugin, factory, "provider type '" + factory.type() + "' is already served by plugin '"
                            + providers.get(factory.type()).pluginId() + "'");
                    continue;
                }
                creator.create(plugin, factory).ifPresent(adapter -> {
                    providers.put(factory.type(), new ProviderBinding(factory.type(), factory.compatibleTypes(),
                            new ContextClassLoaderAdapter(adapter, plugin.getPluginClassLoader()), plugin.getPluginId()));
                    extensions.add(new LoadedPlugin.Extension("provider", factory.type()));
                });
            }
            for (DialectTranslatorFactory factory : creator.factories(manager, plugin, DialectTranslatorFactory.class)) {
                if (translators.containsKey(factory.dialect())) {
                    creator.skip(plugin, factory, "dialect '" + factory.dialect() + "' already has a translator");
                    continue;
                }
                creator.create(plugin, factory).ifPresent(translator -> {
                    translators.put(factory.dialect(), translator);
                    extensions.add(new LoadedPlugin.Extension("dialect", factory.dialect()));
                });
            }
            for (SafetyFilterFactory factory : creator.factories(manager, plugin, SafetyFilterFactory.class)) {
                inspecting.add(new Inspecting<>(plugin, factory, true));
                // Fail closed: a filter that could not be created refuses every request in its place.
                creator.create(plugin, factory).ifPresentOrElse(filter -> {
                    safetyFilters.add(new Named<>(factory.id(), filter));
                    extensions.add(new LoadedPlugin.Extension("safety", factory.id()));
                }, () -> safetyFilters.add(new Named<>(factory.id(),
                        new UnavailableInspector(plugin.getPluginId() + "/" + factory.id()))));
            }
            for (RequestBlockerFactory factory : creator.factories(manager, plugin, RequestBlockerFactory.class)) {
                inspecting.add(new Inspecting<>(plugin, factory, false));
                // Fail closed: a blocker that could not be created refuses every request in its place.
                creator.create(plugin, factory).ifPresentOrElse(blocker -> {
                    blockers.add(new Named<>(factory.id(), blocker));
                    extensions.add(new LoadedPlugin.Extension("blocker", factory.id()));
                }, () -> blockers.add(new Named<>(factory.id(),
                        new UnavailableInspector(plugin.getPluginId() + "/" + factory.id()))));
            }
            for (CallListenerFactory factory : creator.factories(manager, plugin, CallListenerFactory.class)) {
                creator.create(plugin, factory).ifPresent(listener -> {
                    listeners.add(new Named<>(factory.id(), listener));
                    extensions.add(new LoadedPlugin.Extension("listener", factory.id()));
                });
            }
            loaded.add(new LoadedPlugin(plugin.getPluginId(), plugin.getDescriptor().getVersion(),
                    plugin.getPluginState().toString(), plugin.getPluginPath().toString(),
                    nullToEmpty(plugin.getDescriptor().getPluginDescription()), extensions));
            log.info("Loaded plugin {} {} ({})", plugin.getPluginId(), plugin.getDescriptor().getVersion(),
                    extensions.stream().map(e -> e.kind() + " " + e.id()).reduce((a, b) -> a + ", " + b)
                            .orElse("no extensions"));
        }
        creator.warnAboutUnusedSections();
        failures.forEach(f -> log.error("Plugin skipped: {}: {}", f.source(), f.reason()));
        ExtensionRegistry registry = new ExtensionRegistry(providers, translators,
                ExecutionOrder.sorted(safetyFilters, config.order()), ExecutionOrder.sorted(blockers, config.order()),
                listeners, loaded, failures);
        return new PluginHost(manager, registry, creator.created, inspecting, configFile, http, json);
    }

    /** The blockers and SafetySec filters in force (replaced by {@link #reconfigure}). */
    public LiveInspectors inspectors() {
        return inspectors;
    }

    /**
     * Applies new plugin settings without a restart where it can: blockers and SafetySec filters are created again
     * with their new sections and {@code plugins.order} and put in force together; calls in flight finish with the
     * ones they started with. Nothing changes when one of them refuses its new settings.
     *
     * @return the sections that changed but belong to other extensions (providers, dialects, listeners) or to
     *         {@code plugins.dir}: those take effect after a restart
     * @throws ConfigException naming the extension and its problem, when a blocker or filter refuses its settings
     */
    public synchronized List<String> reconfigure(PluginsConfig before, PluginsConfig next) {
        Set<String> inspectingIds = new HashSet<>();
        inspecting.forEach(entry -> inspectingIds.add(entry.factory().id()));
        List<String> restart = new ArrayList<>();
        if (!before.dir().equals(next.dir())) {
            restart.add("plugins.dir");
        }
        Set<String> ids = new java.util.TreeSet<>(before.sections().keySet());
        ids.addAll(next.sections().keySet());
        boolean inspectorsChanged = !before.order().equals(next.order());
        for (String id : ids) {
            if (!java.util.Objects.equals(before.sections().get(id), next.sections().get(id))) {
                if (inspectingIds.contains(id)) {
                    inspectorsChanged = true;
                } else {
                    restart.add("plugins." + id);
                }
            }
        }
        if (!inspectorsChanged) {
            return restart;
        }
        List<PluginFailure> failures = new ArrayList<>();
        Creator creator = new Creator(next, configFile, http, json, failures);
        List<Named<SafetyFilter>> filters = new ArrayList<>();
        List<Named<RequestBlocker>> blockers = new ArrayList<>();
        for (Inspecting<?> entry : inspecting) {
            creator.create(entry.plugin(), entry.factory()).ifPresent(extension -> {
                if (entry.safety()) {
                    filters.add(new Named<>(entry.factory().id(), (SafetyFilter) extension));
                } else {
                    blockers.add(new Named<>(entry.factory().id(), (RequestBlocker) extension));
                }
            });
        }
        if (!failures.isEmpty()) {
            closeQuietly(creator.created);
            throw new ConfigException(configFile + ": plugins: " + failures.stream()
                    .map(f -> f.source() + ": " + f.reason()).reduce((a, b) -> a + "; " + b).orElse(""));
        }
        Inspectors previous = inspectors.replace(new Inspectors(ExecutionOrder.sorted(filters, next.order()),
                ExecutionOrder.sorted(blockers, next.order())));
        created.addAll(creator.created);
        log.info("Plugin settings reloaded: {} SafetySec filter(s), {} blocker(s) in force", filters.size(),
                blockers.size());
        retireLater(previous);
        return restart;
    }

    /** The replaced extensions are closed once the calls that started with them have had time to finish. */
    private void retireLater(Inspectors previous) {
        List<Object> old = new ArrayList<>();
        previous.safetyFilters().forEach(named -> old.add(named.extension()));
        previous.blockers().forEach(named -> old.add(named.extension()));
        Thread.ofVirtual().name("odock-plugin-retire").start(() -> {
            try {
                Thread.sleep(java.time.Duration.ofMinutes(10));
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                created.removeAll(old);
            }
            closeQuietly(old);
        });
    }

    private static void closeQuietly(List<Object> extensions) {
        for (Object extension : extensions) {
            if (extension instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log.warn("Closing extension {} failed: {}", extension.getClass().getName(), e.toString());
                }
            }
        }
    }

    /** The created extensions. */
    public ExtensionRegistry registry() {
        return registry;
    }

    /** Closes the extensions that hold resources, then stops and unloads the plugins. */
    @Override
    public synchronized void close() {
        for (Object extension : created) {
            if (extension instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log.warn("Closing extension {} failed: {}", extension.getClass().getName(), e.toString());
                }
            }
        }
        // One by one: PF4J's bulk stopPlugins() modifies the list it iterates when a plugin stops.
        for (PluginWrapper plugin : List.copyOf(manager.getPlugins())) {
            try {
                manager.unloadPlugin(plugin.getPluginId());
            } catch (RuntimeException e) {
                log.warn("Unloading plugin {} failed: {}", plugin.getPluginId(), e.toString());
            }
        }
    }

    /** Loads plugins one by one, so that each failure is recorded with its own reason. */
    private static void loadEach(OdockPluginManager manager, List<PluginFailure> failures) {
        for (Path path : manager.candidatePaths()) {
            try {
                manager.loadPlugin(path);
            } catch (RuntimeException | LinkageError e) {
                failures.add(new PluginFailure(path.toString(), "cannot be loaded: " + describe(e)));
            }
        }
    }

    private static String whyNotStarted(OdockPluginManager manager, PluginWrapper plugin) {
        String requires = plugin.getDescriptor().getRequires();
        if (requires != null && !requires.isBlank() && !requires.equals("*")
                && !manager.getVersionManager().checkVersionConstraint(SpiVersion.current(), requires)) {
            return "plugin '" + plugin.getPluginId() + "' requires Odock SPI " + requires + ", but this gateway hosts "
                    + SpiVersion.current();
        }
        if (plugin.getFailedException() != null) {
            return "plugin '" + plugin.getPluginId() + "' failed to start: " + describe(plugin.getFailedException());
        }
        return "plugin '" + plugin.getPluginId() + "' is " + plugin.getPluginState();
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == e ? message : e.getMessage() + " (" + message + ")";
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    /** Instantiates factories and creates their extensions, collecting failures instead of throwing. */
    private static final class Creator {
        private final PluginsConfig config;
        private final Path configFile;
        private final UpstreamClient http;
        private final ObjectMapper json;
        private final List<PluginFailure> failures;
        private final Set<String> usedSections = new HashSet<>();
        private final List<Object> created = new ArrayList<>();

        Creator(PluginsConfig config, Path configFile, UpstreamClient http, ObjectMapper json,
                List<PluginFailure> failures) {
            this.config = config;
            this.configFile = configFile;
            this.http = http;
            this.json = json;
            this.failures = failures;
        }

        <F extends ExtensionFactory<?>> List<F> factories(OdockPluginManager manager, PluginWrapper plugin,
                                                          Class<F> kind) {
            List<F> factories = new ArrayList<>();
            for (Class<? extends F> type : manager.getExtensionClasses(kind, plugin.getPluginId())) {
                try {
                    factories.add(type.getDeclaredConstructor().newInstance());
                } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                    failures.add(new PluginFailure(plugin.getPluginId() + "/" + type.getName(),
                            "the extension factory cannot be instantiated: " + describe(e)));
                }
            }
            factories.sort(Comparator.comparing(ExtensionFactory::id));
            return factories;
        }

        <T> java.util.Optional<T> create(PluginWrapper plugin, ExtensionFactory<T> factory) {
            ObjectNode section = config.sections().get(factory.id());
            if (section != null) {
                usedSections.add(factory.id());
            }
            PluginConfig pluginConfig = section == null ? PluginConfig.empty() : PluginConfig.of(section.deepCopy());
            checkKeys(factory, pluginConfig);
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(plugin.getPluginClassLoader());
            try {
                T extension = factory.create(pluginConfig,
                        new HostPluginContext(http, json, plugin.getPluginId()));
                if (extension == null) {
                    skip(plugin, factory, "create() returned nothing");
                    return java.util.Optional.empty();
                }
                created.add(extension);
                return java.util.Optional.of(extension);
            } catch (RuntimeException | LinkageError e) {
                skip(plugin, factory, "create() failed: " + describe(e));
                return java.util.Optional.empty();
            } finally {
                thread.setContextClassLoader(previous);
            }
        }

        void skip(PluginWrapper plugin, ExtensionFactory<?> factory, String reason) {
            failures.add(new PluginFailure(plugin.getPluginId() + "/" + factory.id(), reason));
        }

        private void checkKeys(ExtensionFactory<?> factory, PluginConfig pluginConfig) {
            List<ConfigKey> keys = factory.configKeys();
            for (ConfigKey key : keys) {
                if (key.required() && pluginConfig.node(key.name()).isEmpty()) {
                    throw new ConfigException(configFile + ": plugins." + factory.id() + "." + key.name()
                            + ": is required by the plugin extension '" + factory.id() + "' (" + key.description() + ")");
                }
            }
            if (!keys.isEmpty()) {
                Iterator<String> names = pluginConfig.section().fieldNames();
                while (names.hasNext()) {
                    String name = names.next();
                    if (keys.stream().noneMatch(k -> k.name().equals(name))) {
                        log.warn("{}: plugins.{}.{}: not a setting of the extension (known: {})", configFile,
                                factory.id(), name, keys.stream().map(ConfigKey::name).toList());
                    }
                }
            }
        }

        void warnAboutUnusedSections() {
            for (String id : config.sections().keySet()) {
                if (!usedSections.contains(id)) {
                    log.warn("{}: plugins.{}: no loaded extension has this id; the section is unused", configFile, id);
                }
            }
        }
    }
}
