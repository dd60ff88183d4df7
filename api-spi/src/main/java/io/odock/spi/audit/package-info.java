/**
 * Background plugins that hear about every finished call (audit export, webhooks, analytics) without ever delaying
 * it: {@link io.odock.spi.audit.CallListener}.
 */
package io.odock.spi.audit;
