package io.odock.distribution;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.odock.core.config.ConfigLoader;
import io.odock.core.config.OdockConfig;
import io.odock.core.server.OdockServer;
import org.eclipse.jetty.client.HttpClient;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts the real gateway in this JVM on a free port, with a temporary home (config, embedded database, admin token)
 * and the distribution's real {@code plugins/} tree, and captures every log line so tests can check that no secret
 * is ever logged.
 */
final class GatewayHarness implements AutoCloseable {
    final Path home;
    final OdockServer server;
    /** A started Jetty HTTP client for calling the gateway; closed with the harness. */
    final HttpClient http;
    private final ListAppender<ILoggingEvent> logs;

    private GatewayHarness(Path home, OdockServer server, ListAppender<ILoggingEvent> logs) throws Exception {
        this.home = home;
        this.server = server;
        this.logs = logs;
        this.http = new HttpClient();
        this.http.start();
    }

    /** The distribution's assembled plugins directory. */
    static Path pluginsDir() {
        String dir = System.getProperty("odock.distribution.dir");
        if (dir == null) {
            throw new IllegalStateException("run through Maven's failsafe plugin: odock.distribution.dir is not set");
        }
        return Path.of(dir).resolve("plugins");
    }

    /**
     * Starts the gateway.
     *
     * @param yaml the configuration, without a {@code plugins:} section (the distribution's is used)
     * @param env  environment for {@code ${...}} references
     */
    static GatewayHarness start(String yaml, Map<String, String> env) throws Exception {
        return start(yaml, env, pluginsDir(), Map.of());
    }

    /**
     * Starts the gateway with another plugins directory and plugin sections.
     *
     * @param pluginSections JSON settings by extension id, written under {@code plugins:}
     */
    static GatewayHarness start(String yaml, Map<String, String> env, Path plugins, Map<String, String> pluginSections)
            throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        Path home = Files.createTempDirectory("odock-it");
        Path conf = Files.createDirectories(home.resolve("conf")).resolve("odock.yaml");
        StringBuilder pluginsSection = new StringBuilder("\nplugins:\n  dir: " + plugins + "\n");
        pluginSections.forEach((id, json) -> pluginsSection.append("  ").append(id).append(": ").append(json).append('\n'));
        Files.writeString(conf, yaml + pluginsSection);
        ConfigLoader loader = new ConfigLoader(env, home);
        OdockConfig config = loader.load(conf).withPort(0);
        return new GatewayHarness(home, OdockServer.start(config, () -> loader.load(conf).withPort(0)), logs);
    }

    String baseUrl() {
        return server.baseUri().toString();
    }

    /** Creates a key and returns its secret. */
    String createKey(String name, List<String> models) {
        return server.keys().create(name, models).secret();
    }

    /** Every captured log line, with stack traces, as one text. */
    String allLogs() {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent event : logs.list) {
            text.append(event.getFormattedMessage()).append('\n');
            if (event.getThrowableProxy() != null) {
                text.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
            }
        }
        return text.toString();
    }

    /** Closes what a test class started, in order, skipping what never started. */
    static void closeAll(AutoCloseable... resources) throws Exception {
        for (AutoCloseable resource : resources) {
            if (resource != null) {
                resource.close();
            }
        }
    }

    @Override
    public void close() throws Exception {
        http.stop();
        server.close();
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(logs);
    }
}
