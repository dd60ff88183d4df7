/**
 * What every extension shares: the factory contract ({@link io.odock.spi.plugin.ExtensionFactory}), the plugin's
 * configuration section ({@link io.odock.spi.plugin.PluginConfig}), what the host lends a plugin
 * ({@link io.odock.spi.plugin.PluginContext}) and the verdicts of inspecting plugins
 * ({@link io.odock.spi.plugin.Verdict}).
 */
package io.odock.spi.plugin;
