package io.odock.core.server;

import io.odock.core.config.ConfigException;
import io.odock.core.config.ConfigLoader;
import io.odock.core.config.OdockConfig;
import io.odock.core.config.OdockHome;
import io.odock.core.observe.LoggingBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** Runs the gateway in the foreground until SIGTERM or SIGINT: what {@code bin/odock run} and the service do. */
public final class GatewayMain {
    /** Exit code for a configuration error (sysexits' EX_CONFIG). */
    public static final int EXIT_CONFIG = 78;
    /** Exit code for any other start-up failure. */
    public static final int EXIT_FAILED = 1;

    private static final Logger log = LoggerFactory.getLogger(GatewayMain.class);

    private GatewayMain() {
    }

    /**
     * Loads the configuration, starts the gateway and blocks until it is stopped.
     *
     * @param configArgument {@code --config FILE}, or null to use {@code ODOCK_CONF} or the home's default
     * @return the process exit code
     */
    public static int run(String configArgument) {
        Map<String, String> env = System.getenv();
        Path home = OdockHome.resolve(env);
        Path file = OdockHome.configFile(configArgument, env, home);
        OdockServer server;
        try {
            ConfigLoader loader = new ConfigLoader(env, home);
            OdockConfig config = loader.load(file);
            server = OdockServer.start(config, () -> loader.load(file));
        } catch (ConfigException e) {
            System.err.println("odock: configuration error: " + e.getMessage());
            log.error("Configuration error: {}", e.getMessage());
            return EXIT_CONFIG;
        } catch (Exception e) {
            System.err.println("odock: cannot start: " + describe(e));
            log.error("Start-up failed", e);
            return EXIT_FAILED;
        }
        announceUrl(env.get("ODOCK_URL_FILE"), server);
        announceReadyForAotCache(env.get("ODOCK_AOT_READY_FILE"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            // Last: the access log's buffered lines, including those of the calls just drained.
            LoggingBackend.stop();
        }, "odock-shutdown"));
        reloadOnHangup(server);
        try {
            server.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
        }
        return 0;
    }

    /**
     * Writes the base URL to the file {@code bin/odock start} named in {@code ODOCK_URL_FILE}, so the launcher can poll
     * {@code /readyz} without starting a second JVM to read the configuration.
     */
    static void announceUrl(String urlFile, OdockServer server) {
        writeWhole(urlFile, server.baseUri().toString());
    }

    /**
     * Marks, in the file {@code bin/odock} named in {@code ODOCK_AOT_READY_FILE}, that this run got ready. The launcher
     * names it when this JVM records an AOT cache (written when it exits), and uses the cache only with the mark: a run
     * that failed at start-up records too few classes, and the gateway then started slower than with no cache at all.
     */
    static void announceReadyForAotCache(String readyFile) {
        writeWhole(readyFile, "ready\n");
    }

    /** Writes a launcher's file whole (a temporary file moved into place): the launcher never reads half of it. */
    private static void writeWhole(String file, String content) {
        if (file == null || file.isBlank()) {
            return;
        }
        Path target = Path.of(file);
        try {
            Path written = Files.writeString(target.resolveSibling(target.getFileName() + ".tmp"), content);
            Files.move(written, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("Cannot write {}: {}", file, e.toString());
        }
    }

    /** SIGHUP reloads the configuration, as daemons do; a refused reload is logged and changes nothing. */
    private static void reloadOnHangup(OdockServer server) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> Thread.ofVirtual().start(() -> {
                try {
                    server.reload();
                } catch (RuntimeException e) {
                    // ConfigReload already logged why; the running configuration keeps serving.
                }
            }));
        } catch (IllegalArgumentException e) {
            log.warn("SIGHUP is not available here; reload with 'bin/odock reload' or POST /admin/v1/reload");
        }
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable cause = e.getCause();
        while (cause != null && cause != e) {
            text.append(": ").append(cause.getMessage());
            e = cause;
            cause = cause.getCause();
        }
        return text.toString();
    }
}
