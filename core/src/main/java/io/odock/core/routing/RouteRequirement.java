package io.odock.core.routing;

import java.util.Optional;

/**
 * What a route demands of the deployments that may serve it: the OpenAI-compatible routes require provider type
 * {@code openai}, {@code /v1/messages} {@code anthropic}, and so on; only the unified endpoint requires none.
 *
 * @param route        the route, named in error messages
 * @param providerType the required provider type, if any
 */
public record RouteRequirement(String route, Optional<String> providerType) {

    /** A route that requires the given provider type. */
    public static RouteRequirement requires(String route, String providerType) {
        return new RouteRequirement(route, Optional.of(providerType));
    }

    /** A route any provider may serve. */
    public static RouteRequirement any(String route) {
        return new RouteRequirement(route, Optional.empty());
    }
}
