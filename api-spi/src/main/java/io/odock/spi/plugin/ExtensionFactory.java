package io.odock.spi.plugin;

import org.pf4j.ExtensionPoint;

import java.util.List;

/**
 * The life cycle every Odock extension shares. A plugin annotates an implementation of one of the four factory
 * interfaces with PF4J's {@code @Extension}; the host then:
 * <ol>
 *   <li>finds it once at start-up (never per request);</li>
 *   <li>checks the plugin's section of {@code odock.yaml} against {@link #configKeys()};</li>
 *   <li>calls {@link #create(PluginConfig, PluginContext)} once, with the plugin's class loader as the thread's
 *       context class loader, and keeps the instance for the life of the process;</li>
 *   <li>on shutdown, closes the instance if it is {@link AutoCloseable}.</li>
 * </ol>
 * If {@code create} throws, the reason is logged and reported in {@code /readyz}, and the gateway still starts.
 * A provider adapter or dialect translator that failed is skipped. A request blocker or SafetySec filter that failed
 * fails closed: every request is refused with 500 {@link io.odock.spi.ErrorCodes#PLUGIN_ERROR} in its place, since
 * the gateway cannot tell which requests it would have refused.
 *
 * @param <T> what the factory creates
 */
public interface ExtensionFactory<T> extends ExtensionPoint {

    /** The id the operator uses for it: the name of its section under {@code plugins:} in {@code odock.yaml}. */
    String id();

    /** The configuration keys it understands; empty by default. */
    default List<ConfigKey> configKeys() {
        return List.of();
    }

    /**
     * Creates the extension. Called once; the result is shared by all requests and must be thread-safe.
     *
     * @param config  its section of {@code odock.yaml}
     * @param context what the host lends it
     */
    T create(PluginConfig config, PluginContext context);
}
