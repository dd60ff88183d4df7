/**
 * SafetySec: content-safety filters that inspect requests before they go upstream and answers before they reach the
 * client. See {@link io.odock.spi.safety.SafetyFilterFactory}.
 */
package io.odock.spi.safety;
