/**
 * The Odock plugin SPI: the stable contract between the gateway host and its plugins.
 *
 * <p>A plugin is a PF4J plugin (a jar, a zip, or a folder with {@code plugin.properties} and {@code lib/}) dropped
 * into the gateway's {@code plugins/} directory. It contributes one or more <em>factories</em>, each annotated with
 * PF4J's {@code @Extension}:
 * <ul>
 *   <li>{@link io.odock.spi.provider.ProviderAdapterFactory}: calls an upstream model provider;</li>
 *   <li>{@link io.odock.spi.dialect.DialectTranslatorFactory}: turns a client's wire format into a
 *       {@link io.odock.spi.model.GatewayRequest} and answers back in that format;</li>
 *   <li>{@link io.odock.spi.safety.SafetyFilterFactory}: inspects requests and answers (allow, redact, block);</li>
 *   <li>{@link io.odock.spi.blocker.RequestBlockerFactory}: admits or refuses a request before it is routed.</li>
 * </ul>
 *
 * <p>The host resolves every factory once at start-up, calls {@code create(config, context)} once with the plugin's
 * section of {@code odock.yaml}, and keeps the created instance for the life of the process. Instances are therefore
 * shared by all requests and must be thread-safe.
 *
 * <p>Class loading: {@code java.*}, {@code org.pf4j.*}, {@code io.odock.spi.*}, {@code com.fasterxml.jackson.*} and
 * {@code org.slf4j.*} always come from the host; everything else is loaded from the plugin first. A plugin must not
 * bundle its own copy of those packages.
 *
 * <p>Compatibility: the SPI version is {@link io.odock.spi.SpiVersion#current()}; plugins declare the range they need
 * in {@code Plugin-Requires} / {@code plugin.requires}. New capabilities arrive as {@code default} methods and new
 * static factories; types marked {@link io.odock.spi.Experimental} may still change.
 */
package io.odock.spi;
