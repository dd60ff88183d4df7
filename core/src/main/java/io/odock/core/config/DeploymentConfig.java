package io.odock.core.config;

/**
 * One upstream deployment behind a model name.
 *
 * @param provider the id of a {@code providers:} entry
 * @param model    the upstream's model name (what the provider calls it)
 */
public record DeploymentConfig(String provider, String model) {
}
