package io.odock.core.plugins;

/**
 * A plugin, or one extension of it, that was skipped at start-up, and why. Reported in the log, in {@code /readyz} and
 * by {@code bin/odock plugins}; the gateway runs without it.
 *
 * @param source the plugin file or folder, or {@code pluginId/extensionId}
 * @param reason why it was skipped, in words an operator can act on
 */
public record PluginFailure(String source, String reason) {
}
