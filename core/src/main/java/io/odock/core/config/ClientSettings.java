package io.odock.core.config;

import io.odock.spi.Secret;

import java.nio.file.Path;

/**
 * What the {@code bin/odock} client commands need to reach a running gateway's admin API: read from the same
 * configuration file, but only the {@code server:} and {@code admin:} sections, so that a provider key exported only
 * in the service's environment does not stop the CLI.
 *
 * @param host      the server's bind address
 * @param port      the server's port
 * @param adminToken the configured admin token, if any
 * @param tokenFile where a generated admin token is kept
 */
public record ClientSettings(String host, int port, Secret adminToken, Path tokenFile) {
}
