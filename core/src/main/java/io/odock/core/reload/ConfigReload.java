package io.odock.core.reload;

import io.odock.core.config.ConfigException;
import io.odock.core.config.OdockConfig;
import io.odock.core.plugins.ExtensionRegistry;
import io.odock.core.routing.LiveRouter;
import io.odock.core.routing.ModelRouter;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Reads the configuration file again and puts what can change without a restart in force: providers, models,
 * routing, pricing, failover and the upstream connect timeout. The new file is validated whole first (every
 * reference, every provider type against the loaded plugins); an invalid one is refused and the running configuration
 * keeps serving. Sections that only a restart applies (server, admin, database, keys, BYOK policy, plugins) are
 * reported when they changed, not half-applied. A reload an operator asks for here is announced to the other instances
 * sharing the database ({@link ReloadBroadcast}), which then reload their own files.
 */
public final class ConfigReload {
    private static final Logger log = LoggerFactory.getLogger(ConfigReload.class);

    private final Supplier<OdockConfig> source;
    private final ExtensionRegistry registry;
    private final LiveRouter routing;
    private final ReloadBroadcast broadcast;
    private final PluginSettings plugins;
    private volatile OdockConfig running;

    /**
     * What a reload did.
     *
     * @param source          the file it read
     * @param providers       providers now configured
     * @param models          models now configured
     * @param restartRequired sections that changed but take effect only after a restart
     */
    public record Outcome(String source, int providers, int models, List<String> restartRequired) {
    }

    /**
     * @param source  loads the configuration file as at start-up (same environment, same home)
     * @param running the configuration in force
     */
    public ConfigReload(Supplier<OdockConfig> source, OdockConfig running, ExtensionRegistry registry,
                        LiveRouter routing, ReloadBroadcast broadcast, PluginSettings plugins) {
        this.plugins = plugins;
        this.source = source;
        this.running = running;
        this.registry = registry;
        this.routing = routing;
        this.broadcast = broadcast;
        broadcast.onPeerReload(this::reloadHere);
    }

    /** Applies changed plugin settings where it can; see {@code PluginHost.reconfigure}. */
    @FunctionalInterface
    public interface PluginSettings {
        /**
         * Puts new plugin settings in force where possible.
         *
         * @return the changed sections that need a restart
         * @throws ConfigException when an extension refuses its new settings (nothing changed then)
         */
        List<String> apply(io.odock.core.config.PluginsConfig before, io.odock.core.config.PluginsConfig next);
    }

    /** The configuration in effect (the last one loaded successfully). */
    public OdockConfig running() {
        return running;
    }

    /**
     * Reloads.
     *
     * @throws GatewayException 400 {@code invalid_config} with the file, entry and problem when the file is invalid;
     *                          nothing changed then
     */
    public Outcome reload() {
        Outcome outcome = reloadHere();
        broadcast.announce();
        return outcome;
    }

    /** Reloads this instance only (another instance announced a reload). */
    synchronized Outcome reloadHere() {
        OdockConfig next;
        ModelRouter router;
        List<String> pluginRestart;
        try {
            next = source.get();
            router = ModelRouter.create(next, registry);
            // Last, because it puts new blockers and filters in force: everything else has been validated by now.
            pluginRestart = plugins.apply(running.plugins(), next.plugins());
        } catch (ConfigException e) {
            log.warn("Configuration reload refused, the running configuration stays: {}", e.getMessage());
            throw new GatewayException(400, ErrorCodes.INVALID_CONFIG, e.getMessage());
        }
        List<String> restartRequired = restartRequired(running, next);
        restartRequired.addAll(pluginRestart);
        routing.replace(router);
        running = next;
        log.info("Configuration reloaded from {}: {} provider(s), {} model(s){}", next.source(),
                next.providers().size(), next.models().size(),
                restartRequired.isEmpty() ? "" : "; changed but applied only after a restart: " + restartRequired);
        return new Outcome(String.valueOf(next.source()), next.providers().size(), next.models().size(),
                restartRequired);
    }

    private static List<String> restartRequired(OdockConfig before, OdockConfig after) {
        List<String> changed = new ArrayList<>();
        if (!Objects.equals(before.server(), after.server())) {
            changed.add("server");
        }
        if (!Objects.equals(before.admin(), after.admin())) {
            changed.add("admin");
        }
        if (!Objects.equals(before.database(), after.database())) {
            changed.add("database");
        }
        if (!Objects.equals(before.keys(), after.keys())) {
            changed.add("keys");
        }
        if (!Objects.equals(before.byok(), after.byok())) {
            changed.add("upstream.allowedBaseUrls/allowPrivateAddresses");
        }
        if (!Objects.equals(before.rateLimits().redis(), after.rateLimits().redis())
                || !Objects.equals(before.rateLimits().redisTimeout(), after.rateLimits().redisTimeout())
                || !Objects.equals(before.rateLimits().timezone(), after.rateLimits().timezone())) {
            changed.add("ratelimit.backend/redis/redisTimeout/timezone");
        }
        if (!Objects.equals(before.budgets(), after.budgets())) {
            changed.add("budgets/usage");
        }
        if (!Objects.equals(before.mcpServers(), after.mcpServers())) {
            changed.add("mcp");
        }
        return changed;
    }
}
