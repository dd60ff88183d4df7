/**
 * Dialect translators: how a client's wire format becomes a {@link io.odock.spi.model.GatewayRequest} and how answers
 * and errors go back in that format. See {@link io.odock.spi.dialect.DialectTranslatorFactory}.
 */
package io.odock.spi.dialect;
