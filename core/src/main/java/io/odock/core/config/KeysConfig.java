package io.odock.core.config;

import java.time.Duration;

/**
 * The {@code keys:} section.
 *
 * @param refreshInterval how often each instance picks up keys created or revoked through another instance
 */
public record KeysConfig(Duration refreshInterval) {
}
