package io.odock.core.http;

import io.odock.core.pipeline.InboundRequest;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.model.Parameter;
import org.glassfish.jersey.server.spi.internal.ValueParamProvider;

import java.util.function.Function;

/**
 * Resolves a route's {@code @Context InboundRequest} parameter straight from Jersey's request: headers, query, path
 * parameters, the connection's properties and the body stream as {@link JerseyHandler} handed it over.
 *
 * <p>Why not {@code InputStream body, @Context ContainerRequestContext request}: Jersey resolves a context parameter
 * through its injection manager on every call and reads an entity parameter through its reader and interceptor chain.
 * Odock registers no reader interceptors and reads bodies itself ({@link JsonBodyReader}), so that work bought
 * nothing, and it was about 4.5% of the gateway's CPU per model call in the benchmark's profile.
 *
 * <p>Registered like any provider ({@code resourceConfig.register(new InboundRequestParameters())}): Jersey adds the
 * value providers an application registers to its own.
 */
public final class InboundRequestParameters implements ValueParamProvider {
    @Override
    public Function<ContainerRequest, ?> getValueProvider(Parameter parameter) {
        if (parameter.getRawType() != InboundRequest.class || parameter.getSource() != Parameter.Source.CONTEXT) {
            return null;
        }
        return request -> InboundRequests.from(request, request.getEntityStream());
    }

    /** Ahead of Jersey's own context providers, which would otherwise try (and fail) to inject the type. */
    @Override
    public PriorityType getPriority() {
        return Priority.HIGH;
    }
}
