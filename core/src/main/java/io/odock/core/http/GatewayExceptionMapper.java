package io.odock.core.http;

import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.inject.Provider;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one exception mapper: every failure, the gateway's own and Jersey's (unknown route, wrong method, wrong content
 * type), becomes an error in the route's dialect with a stable code. Unexpected exceptions are logged with the request
 * id and answered as 500 {@code internal_error} without any detail, so no stack trace or secret reaches a client.
 */
public final class GatewayExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger log = LoggerFactory.getLogger(GatewayExceptionMapper.class);

    private final ErrorRenderer renderer;

    /** The mapper lives as long as the application; the request being answered comes through this provider. */
    @Context
    private Provider<ContainerRequestContext> request;

    /** Renders through this renderer. */
    public GatewayExceptionMapper(ErrorRenderer renderer) {
        this.renderer = renderer;
    }

    @Override
    public Response toResponse(Throwable failure) {
        ContainerRequestContext current = request.get();
        String requestId = RequestIds.of(current);
        return renderer.render(translate(failure, requestId), "/" + current.getUriInfo().getPath(false), requestId);
    }

    private static GatewayException translate(Throwable failure, String requestId) {
        return switch (failure) {
            case GatewayException e -> {
                if (e.status() >= 500 && e.getCause() != null) {
                    log.warn("Request {}: {} {}: {}", requestId, e.status(), e.code(), e.getCause().toString());
                }
                yield e;
            }
            case NotFoundException e -> new GatewayException(404, ErrorCodes.NOT_FOUND, "No such route on this gateway");
            case NotAllowedException e -> new GatewayException(405, ErrorCodes.METHOD_NOT_ALLOWED,
                    "This route does not accept that HTTP method (allowed: "
                            + String.join(", ", e.getResponse().getAllowedMethods()) + ")");
            case NotSupportedException e -> new GatewayException(415, ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
                    "The request body must be sent as 'Content-Type: application/json'");
            case NotAcceptableException e -> new GatewayException(406, ErrorCodes.NOT_ACCEPTABLE,
                    "This route cannot answer in any type the request's Accept header allows");
            case WebApplicationException e when e.getResponse().getStatus() < 500 -> new GatewayException(
                    Math.max(400, e.getResponse().getStatus()), ErrorCodes.INVALID_REQUEST,
                    "The request could not be processed");
            case org.apache.ibatis.exceptions.PersistenceException e -> {
                // The admin API writes through to the database; when it is away, say so rather than "internal error".
                log.warn("Request {}: the database is unavailable: {}", requestId, e.getCause() == null
                        ? e.getMessage() : e.getCause().getMessage());
                yield new GatewayException(503, ErrorCodes.DATABASE_UNAVAILABLE,
                        "The gateway's database is unavailable; try again shortly")
                        .withRetryAfter(java.time.Duration.ofSeconds(5));
            }
            default -> {
                log.error("Request {}: unexpected failure", requestId, failure);
                yield new GatewayException(500, ErrorCodes.INTERNAL_ERROR,
                        "The gateway failed unexpectedly; its log has the details under request id " + requestId);
            }
        };
    }
}
