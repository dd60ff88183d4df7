package io.odock.core.config;

import io.odock.spi.Secret;

import java.nio.file.Path;

/**
 * The {@code admin:} section: how the admin API under {@code /admin/v1} is protected.
 *
 * @param token     the admin token; when empty, one is generated on first start into {@code tokenFile}
 * @param tokenFile where the generated token lives (owner-only permissions)
 */
public record AdminConfig(Secret token, Path tokenFile) {
}
