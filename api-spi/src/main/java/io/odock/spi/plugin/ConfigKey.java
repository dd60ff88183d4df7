package io.odock.spi.plugin;

import java.util.Objects;

/**
 * A configuration key a factory understands in its section of {@code odock.yaml}. The host refuses to start when a
 * required key is missing and warns about keys no factory declared (usually typos).
 *
 * @param name        the key, relative to the section
 * @param description what it does, shown in error messages and {@code bin/odock plugins}
 * @param required    whether start-up fails without it
 */
public record ConfigKey(String name, String description, boolean required) {

    /** Validates the components. */
    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
    }

    /** An optional key. */
    public static ConfigKey optional(String name, String description) {
        return new ConfigKey(name, description, false);
    }

    /** A required key. */
    public static ConfigKey required(String name, String description) {
        return new ConfigKey(name, description, true);
    }
}
