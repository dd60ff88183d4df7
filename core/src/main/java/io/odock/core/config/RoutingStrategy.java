package io.odock.core.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a model orders its deployments for each call ({@code routing:} in a model entry). */
public enum RoutingStrategy {
    /** By {@code priority}, then list order: ordered failover. */
    PRIORITY("priority"),
    /** A random order drawn by {@code weight}: traffic split in proportion. */
    WEIGHTED("weighted"),
    /** Each call starts one deployment further along the list. */
    ROUND_ROBIN("round-robin"),
    /** Fastest first, by a moving average of recent upstream latency; untried deployments first, to measure them. */
    LEAST_LATENCY("least-latency"),
    /** Cheapest first, by price per million input plus output tokens; unpriced deployments last. */
    LOWEST_COST("lowest-cost");

    private final String configName;

    RoutingStrategy(String configName) {
        this.configName = configName;
    }

    /** The name used in {@code odock.yaml}. */
    public String configName() {
        return configName;
    }

    /** The strategy with this configuration name. */
    public static Optional<RoutingStrategy> fromConfig(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.configName.equals(wanted)).findFirst();
    }
}
