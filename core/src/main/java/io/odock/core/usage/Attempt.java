package io.odock.core.usage;

import java.util.Optional;

/**
 * One try of a call on one deployment.
 *
 * @param provider  the provider entry's id
 * @param model     the upstream model name
 * @param succeeded whether the deployment answered
 * @param error     the error code when it did not
 * @param latencyMs how long the try took (to the first byte, for streams)
 */
public record Attempt(String provider, String model, boolean succeeded, Optional<String> error, long latencyMs) {
}
