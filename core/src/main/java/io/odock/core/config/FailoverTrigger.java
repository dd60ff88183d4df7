package io.odock.core.config;

import java.util.Arrays;
import java.util.Optional;

/** An upstream failure after which a call is tried again ({@code failover.on} in a model entry). */
public enum FailoverTrigger {
    /** The upstream answered 5xx, or something unreadable. */
    SERVER_ERROR("5xx"),
    /** The upstream did not answer in time. */
    TIMEOUT("timeout"),
    /** The upstream rate-limited the call (429). */
    RATE_LIMIT("rate_limit"),
    /** The upstream could not be reached. */
    CONNECT("connect"),
    /** Any upstream failure, including the upstream refusing the operator's key or model (401, 403, 404). */
    ANY("any");

    private final String configName;

    FailoverTrigger(String configName) {
        this.configName = configName;
    }

    /** The name used in {@code odock.yaml}. */
    public String configName() {
        return configName;
    }

    /** The trigger with this configuration name. */
    public static Optional<FailoverTrigger> fromConfig(String name) {
        return Arrays.stream(values()).filter(t -> t.configName.equals(name.trim())).findFirst();
    }
}
