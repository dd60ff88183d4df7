/**
 * Request blockers: plugins that admit or refuse a request before it is routed. See
 * {@link io.odock.spi.blocker.RequestBlockerFactory}.
 */
package io.odock.spi.blocker;
