/**
 * The normalized values that cross the SPI: what a client asked for ({@link io.odock.spi.model.GatewayRequest}) and
 * what a provider answered ({@link io.odock.spi.model.GatewayResponse}), independent of any wire format.
 *
 * <p>Records that plugins build have builders or static factories, so that a later SPI version can add a component
 * without breaking plugins compiled against this one. Absent values are {@link java.util.Optional} or empty
 * collections, never {@code null}.
 */
package io.odock.spi.model;
