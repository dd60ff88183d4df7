package io.odock.core.pipeline;

import io.odock.core.auth.CredentialSources;
import io.odock.core.routing.RouteRequirement;
import io.odock.spi.model.Operation;

/**
 * What the pipeline needs to know about a route: its dialect, its operation, where its clients put their key, and
 * which provider type it requires.
 *
 * @param path        the route, such as {@code /v1/chat/completions}
 * @param dialect     the dialect translator that reads and writes its payloads
 * @param operation   what kind of call it is
 * @param credentials where clients of this route send their key
 * @param requirement the provider type it requires
 * @param body        how its request body is sent
 */
public record RouteSpec(String path, String dialect, Operation operation, CredentialSources credentials,
                        RouteRequirement requirement, BodyKind body) {

    /** A route whose body is JSON. */
    public RouteSpec(String path, String dialect, Operation operation, CredentialSources credentials,
                     RouteRequirement requirement) {
        this(path, dialect, operation, credentials, requirement, BodyKind.JSON);
    }

    /** How a route's request body is encoded. */
    public enum BodyKind {
        /** A JSON object. */
        JSON,
        /** {@code multipart/form-data}: text fields and uploaded files. */
        MULTIPART
    }
}
