package io.odock.core.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * The gateway's home directory: the unpacked distribution. Relative paths in the configuration ({@code data},
 * {@code plugins}, the embedded database) are resolved against it, so the gateway behaves the same whatever directory
 * it is started from. {@code bin/odock} passes it as the {@code odock.home} system property.
 */
public final class OdockHome {
    private OdockHome() {
    }

    /** {@code -Dodock.home}, else {@code ODOCK_HOME}, else the working directory. */
    public static Path resolve(Map<String, String> env) {
        String property = System.getProperty("odock.home");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        String variable = env.get("ODOCK_HOME");
        if (variable != null && !variable.isBlank()) {
            return Path.of(variable).toAbsolutePath().normalize();
        }
        return Path.of("").toAbsolutePath();
    }

    /**
     * The configuration file: {@code --config FILE} when given, else {@code ODOCK_CONF}, else
     * {@code HOME/conf/odock.yaml}.
     */
    public static Path configFile(String configArgument, Map<String, String> env, Path home) {
        if (configArgument != null && !configArgument.isBlank()) {
            return Path.of(configArgument).toAbsolutePath().normalize();
        }
        String variable = env.get("ODOCK_CONF");
        if (variable != null && !variable.isBlank()) {
            return Path.of(variable).toAbsolutePath().normalize();
        }
        return home.resolve("conf").resolve("odock.yaml");
    }
}
