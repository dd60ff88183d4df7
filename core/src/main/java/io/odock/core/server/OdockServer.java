package io.odock.core.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.core.admin.AdminAuthFilter;
import io.odock.core.admin.AdminKeysResource;
import io.odock.core.admin.AdminScopesResource;
import io.odock.core.admin.AdminUsageResource;
import io.odock.core.upstream.JettyUpstreamClient;
import io.odock.core.usage.UsageReport;
import io.odock.core.budget.BudgetBook;
import io.odock.core.budget.BudgetLedger;
import io.odock.core.governance.Governor;
import io.odock.core.governance.LimitBook;
import io.odock.core.limits.LimiterSettings;
import io.odock.core.limits.RateLimiter;
import io.odock.core.limits.RateLimiters;
import io.odock.core.admin.AdminSystemResource;
import io.odock.core.admin.AdminToken;
import io.odock.core.auth.CallerAuthenticator;
import io.odock.core.config.ConfigException;
import io.odock.core.config.OdockConfig;
import io.odock.core.http.ErrorRenderer;
import io.odock.core.http.ClientAddresses;
import io.odock.core.mcp.McpGateway;
import io.odock.core.mcp.McpRoutes;
import io.odock.core.mcp.McpUpstreams;
import io.odock.core.http.ClientDisconnectWatch;
import io.odock.core.http.GatewayExceptionMapper;
import io.odock.core.http.HealthResource;
import io.odock.core.http.InboundRequestParameters;
import io.odock.core.http.JerseyHandler;
import io.odock.core.http.ProtocolErrorHandler;
import io.odock.core.http.MetricsResource;
import io.odock.core.observe.AccessLog;
import io.odock.core.observe.GatewayMetrics;
import io.odock.core.http.BodyMemory;
import io.odock.core.http.JsonBodyReader;
import io.odock.core.http.MultipartBodyReader;
import io.odock.core.http.AnthropicRoutes;
import io.odock.core.http.GeminiRoutes;
import io.odock.core.http.OpenAiRoutes;
import io.odock.core.http.UnifiedRoutes;
import io.odock.core.http.VllmRoutes;
import io.odock.core.keys.KeyService;
import io.odock.core.pipeline.ModelCallPipeline;
import io.odock.core.pipeline.Inspections;
import io.odock.core.pipeline.UsageAccountant;
import io.odock.core.plugins.CallListeners;
import io.odock.core.plugins.ExtensionRegistry;
import io.odock.core.plugins.PluginHost;
import io.odock.core.reload.ConfigReload;
import io.odock.core.reload.ReloadBroadcast;
import io.odock.core.routing.LiveRouter;
import io.odock.core.routing.RedisCircuitSharing;
import io.odock.core.routing.ModelRouter;
import io.odock.core.store.Database;
import io.odock.core.store.DatabaseHealth;
import io.odock.core.usage.UsageRecorder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.CommonProperties;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The running gateway: every component built once from the configuration, Jersey on Jetty with virtual threads, and
 * an orderly shutdown that stops taking requests, lets the ones in flight finish, then flushes usage and closes the
 * stores.
 */
public final class OdockServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OdockServer.class);
    /** Rows of Jetty's per-connection header-line cache ({@link #httpConfiguration}); HeaderCacheTest checks them. */
    static final int HEADER_CACHE_ROWS = 384;

    /** How often the database's reachability is checked for readiness. */
    private static final java.time.Duration DATABASE_CHECK_INTERVAL = java.time.Duration.ofSeconds(2);

    private final Server jetty;
    private final Deque<AutoCloseable> resources;
    private final AtomicBoolean accepting;
    private final KeyService keys;
    private final UsageRecorder usage;
    private final String host;
    private final ConfigReload reload;

    private OdockServer(Server jetty, Deque<AutoCloseable> resources, AtomicBoolean accepting, KeyService keys,
                        UsageRecorder usage, String host, ConfigReload reload) {
        this.reload = reload;
        this.jetty = jetty;
        this.resources = resources;
        this.accepting = accepting;
        this.keys = keys;
        this.usage = usage;
        this.host = host;
    }

    /**
     * Builds every component and starts listening.
     *
     * @throws io.odock.core.config.ConfigException when the configuration does not fit the loaded plugins
     */
    public static OdockServer start(OdockConfig config) throws Exception {
        return start(config, () -> {
            throw new ConfigException("this gateway was started without a configuration file to reload");
        });
    }

    /**
     * Builds every component and starts listening; {@code reloadSource} loads the configuration file again for a
     * reload ({@code POST /admin/v1/reload}, SIGHUP, {@code bin/odock reload}).
     */
    public static OdockServer start(OdockConfig config, Supplier<OdockConfig> reloadSource) throws Exception {
        long began = System.nanoTime();
        routeJavaUtilLoggingToSlf4j();
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            ObjectMapper json = JsonMappers.create(config.server().maxBodyBytes());
            Database database = Database.open(config.database());
            resources.push(database);
            DatabaseHealth databaseHealth = new DatabaseHealth(database.dataSource(), DATABASE_CHECK_INTERVAL);
            resources.push(databaseHealth);
            KeyService keys = KeyService.start(database, config.keys().refreshInterval());
            resources.push(keys);
            UsageRecorder usage = new UsageRecorder(database, config.budgets().usageBufferCapacity());
            resources.push(usage);
            // Closed after the usage recorder (resources close in reverse): settlements are flushed last.
            BudgetLedger ledger = BudgetLedger.open(database, Clock.systemUTC());
            resources.push(ledger);
            BudgetBook budgets = BudgetBook.start(database, config.keys().refreshInterval());
            resources.push(budgets);
            LimitBook limits = LimitBook.start(database, config.keys().refreshInterval());
            resources.push(limits);
            keys.refreshBefore(limits::refresh);
            keys.refreshBefore(budgets::refresh);
            RateLimiter limiter = RateLimiters.open(new LimiterSettings(
                    config.rateLimits().redis().isPresent() ? LimiterSettings.Backend.REDIS
                            : LimiterSettings.Backend.LOCAL,
                    config.rateLimits().redis().map(io.odock.spi.Secret::reveal),
                    config.rateLimits().redisTimeout(), config.rateLimits().timezone(), Clock.systemUTC()));
            resources.push(limiter);
            JettyUpstreamClient upstream = new JettyUpstreamClient();
            resources.push(upstream);
            PluginHost plugins = PluginHost.start(config.plugins(), config.source(), upstream, json);
            resources.push(plugins);
            ExtensionRegistry registry = plugins.registry();
            ModelRouter router = ModelRouter.create(config, registry);
            LiveRouter routing = new LiveRouter(router);
            if (config.rateLimits().redis().isPresent()) {
                RedisCircuitSharing circuits = new RedisCircuitSharing(config.rateLimits().redis().get().reveal(),
                        config.rateLimits().redisTimeout(), routing);
                resources.push(circuits);
                routing.shareCircuits(circuits);
            }
            ReloadBroadcast broadcast = new ReloadBroadcast(database.sessions(), DATABASE_CHECK_INTERVAL);
            resources.push(broadcast);
            ConfigReload reload = new ConfigReload(reloadSource, config, registry, routing, broadcast,
                    plugins::reconfigure);
            AdminToken adminToken = AdminToken.resolve(config.admin().token(), config.admin().tokenFile());

            AtomicBoolean accepting = new AtomicBoolean(true);
            BodyMemory bodyMemory = new BodyMemory(config.server().bodyMemoryBytes()
                    .orElseGet(BodyMemory::defaultCapacity));
            JsonBodyReader bodyReader = new JsonBodyReader(json, config.server().maxBodyBytes(), bodyMemory);
            CallerAuthenticator authenticator = new CallerAuthenticator(keys);
            GatewayMetrics metrics = new GatewayMetrics(usage::pending, databaseHealth::isUp);
            metrics.bodyMemory(bodyMemory::held, bodyMemory.capacity());
            if (config.rateLimits().redis().isPresent()) {
                metrics.dependencyGauge("odock_redis_up", "1 when the rate-limit Redis answers, else 0",
                        limiter::healthy);
            }
            Governor governor = new Governor(limiter, limits, budgets, ledger, usage,
                    () -> reload.running().rateLimits(), config.budgets(), metrics);
            CallListeners listeners = new CallListeners(registry.listeners(), metrics);
            resources.push(listeners);
            UsageAccountant accountant = new UsageAccountant(usage, keys, Clock.systemUTC(), metrics,
                    new AccessLog(json), config.budgets().currency(), listeners);
            ModelCallPipeline pipeline = new ModelCallPipeline(authenticator, bodyReader,
                    new MultipartBodyReader(json, config.server().maxBodyBytes()), registry, routing,
                    new Inspections(plugins.inspectors(), metrics),
                    accountant,
                    config.byok(), metrics, governor, config.server().maxBodyBytes());
            McpUpstreams mcpServers = new McpUpstreams(config.mcpServers(), config.upstreamConnectTimeout());
            resources.push(mcpServers);
            McpGateway mcp = new McpGateway(mcpServers, authenticator, governor,
                    new Inspections(plugins.inspectors(), metrics), accountant, bodyReader,
                    config.server().maxBodyBytes());
            GeminiRoutes geminiRoutes = new GeminiRoutes(pipeline, json);
            ErrorRenderer errors = new ErrorRenderer(registry, json);
            ResourceConfig jersey = new ResourceConfig()
                    .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                    // Everything Jersey serves is registered here: no scan of every jar's META-INF/services for
                    // features and providers at start-up.
                    .property(CommonProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true)
                    .property(CommonProperties.METAINF_SERVICES_LOOKUP_DISABLE, true)
                    // No response buffering in Jersey: JerseyHandler's ResponseBody gathers a whole answer itself (and
                    // declares its length), and stream events must leave on flush, not when a buffer fills.
                    .property(ServerProperties.OUTBOUND_CONTENT_LENGTH_BUFFER, 0)
                    .register(new InboundRequestParameters())
                    .register(new GatewayExceptionMapper(errors))
                    .register(new AdminAuthFilter(adminToken))
                    .register(new OpenAiRoutes(pipeline, authenticator, routing, json, Clock.systemUTC()))
                    .register(new UnifiedRoutes(pipeline, json))
                    .register(new McpRoutes(mcp))
                    .register(new AnthropicRoutes(pipeline, json))
                    .register(new VllmRoutes(pipeline, authenticator, routing, json, Clock.systemUTC()))
                    .register(new GeminiRoutes.V1Beta(geminiRoutes))
                    .register(new GeminiRoutes.V1(geminiRoutes))
                    .register(new HealthResource(registry, accepting::get, databaseHealth::isUp, limiter.backend(),
                            limiter::healthy, json))
                    .register(new MetricsResource(metrics))
                    .register(new AdminKeysResource(keys, limits, budgets, ledger, config.budgets().currency(),
                            bodyReader, json))
                    .register(new AdminScopesResource(limits, budgets, ledger, config.budgets().currency(),
                            bodyReader, json))
                    .register(new AdminUsageResource(usage, new UsageReport(database),
                            config.budgets().currency(), json))
                    .register(new AdminSystemResource(registry, routing, reload, json));

            ClientDisconnectWatch disconnects = new ClientDisconnectWatch();
            resources.push(disconnects);
            Server jetty = jetty(config, jersey, new ClientAddresses(config.server().trustedProxies()),
                    disconnects, new ProtocolErrorHandler(errors, json));
            jetty.start();
            OdockServer server = new OdockServer(jetty, resources, accepting, keys, usage, config.server().host(),
                    reload);
            log.info("Odock {} ready on {} in {} ms (config {}, plugins [{}], {} model(s))", OdockVersion.current(),
                    server.baseUri(), (System.nanoTime() - began) / 1_000_000, config.source(),
                    String.join(", ", registry.plugins().stream().map(p -> p.id() + " " + p.version()).toList()),
                    router.modelNames().size());
            return server;
        } catch (Exception | Error e) {
            closeAll(resources);
            throw e;
        }
    }

    /** Jersey and HK2 log through java.util.logging; send it to the same log as everything else. */
    private static void routeJavaUtilLoggingToSlf4j() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    private static Server jetty(OdockConfig config, ResourceConfig jersey, ClientAddresses clientAddresses,
                                ClientDisconnectWatch disconnects, ProtocolErrorHandler protocolErrors) {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("odock-http");
        // Requests run on virtual threads: upstream calls block cheaply, and no pool size caps concurrent streams. They
        // are named because logback works out a name for an unnamed thread on every line it writes (the access log's
        // line per request showed in profiles).
        threads.setVirtualThreadsExecutor(
                Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("odock-request").factory()));
        Server jetty = new Server(threads);
        HttpConfiguration http = httpConfiguration();
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost(config.server().host());
        connector.setPort(config.server().port());
        jetty.addConnector(connector);

        jetty.setHandler(new GracefulHandler(new JerseyHandler(jersey, clientAddresses, disconnects)));
        jetty.setErrorHandler(protocolErrors);
        jetty.setStopTimeout(config.server().drainTimeout().toMillis());
        jetty.setStopAtShutdown(false);
        return jetty;
    }

    /** How the gateway's connections speak HTTP/1.1. */
    static HttpConfiguration httpConfiguration() {
        HttpConfiguration http = new HttpConfiguration();
        // No "Server: Jetty(version)" on every answer: it tells scanners which server version to try their exploits on.
        http.setSendServerVersion(false);
        // Jetty keeps, per client connection, a cache of the header lines that connection repeats (Host, User-Agent,
        // Accept...) in a table of 48 characters per row: at Jetty's default of 1,024 rows, 98 KB of heap per
        // connection for as long as it stays open (25 MB at 256 keep-alive connections, the largest item of the
        // gateway's heap under that load; 104 MB for 1,000 idle SDK connections). The OpenAI Python SDK's lines
        // take 161-192 rows (HeaderCacheTest); 384 rows, 36 KB, leave room for longer hosts and user agents. When a
        // connection's lines outgrow them, Jetty starts its table afresh and parses them as if uncached.
        http.setHeaderCacheSize(HEADER_CACHE_ROWS);
        return http;
    }

    /** The port the gateway listens on (the real one when configured as 0). */
    public int port() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    /** The base URL clients use. */
    public URI baseUri() {
        String shown = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return URI.create("http://" + shown + ":" + port());
    }

    /** The key service, for tests and embedding. */
    public KeyService keys() {
        return keys;
    }

    /**
     * Reloads the configuration file (what {@code POST /admin/v1/reload} and SIGHUP do).
     *
     * @throws io.odock.spi.GatewayException 400 {@code invalid_config} when the file is invalid; nothing changed then
     */
    public ConfigReload.Outcome reload() {
        return reload.reload();
    }

    /** The usage recorder, for tests and embedding. */
    public UsageRecorder usage() {
        return usage;
    }

    /** Blocks until the server has stopped. */
    public void join() throws InterruptedException {
        jetty.join();
    }

    /**
     * Stops gracefully: readiness turns 503, new connections are refused, requests in flight (streams included) get up
     * to {@code server.drainTimeout} (30 s by default) to finish, then usage is flushed and stores closed.
     */
    @Override
    public void close() {
        if (!accepting.getAndSet(false)) {
            return;
        }
        log.info("Odock stopping: finishing requests in flight");
        try {
            jetty.stop();
        } catch (Exception e) {
            log.warn("Stopping the HTTP server failed: {}", e.toString());
        }
        closeAll(resources);
        log.info("Odock stopped");
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
