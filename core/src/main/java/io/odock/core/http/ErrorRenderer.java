package io.odock.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.core.plugins.ExtensionRegistry;
import io.odock.spi.GatewayException;
import io.odock.spi.OdockErrorShape;
import io.odock.spi.dialect.DialectTranslator;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;

/**
 * Renders a {@link GatewayException} as an HTTP response in the dialect of the path: through that dialect's
 * translator, or in Odock's own shape ({@code {"error":{"code","message","request_id"}}}) for Odock's routes and for
 * dialects whose plugin is not loaded.
 */
public final class ErrorRenderer {
    private static final Logger log = LoggerFactory.getLogger(ErrorRenderer.class);

    private final ExtensionRegistry registry;
    private final ObjectMapper json;

    /** Renders with the registry's translators. */
    public ErrorRenderer(ExtensionRegistry registry, ObjectMapper json) {
        this.registry = registry;
        this.json = json;
    }

    /** The error response for a path. */
    public Response render(GatewayException error, String path, String requestId) {
        JsonNode body = body(error, Dialects.forPath(path), requestId);
        Response.ResponseBuilder response = Response.status(error.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(JsonEntity.of(json, body));
        error.headers().forEach(response::header);
        // Whole seconds, rounded up: a client that waits exactly this long finds the limit open again.
        error.retryAfter().ifPresent(after -> response.header("Retry-After",
                Math.max(1, (after.toMillis() + 999) / 1000)));
        if (error.status() == 401) {
            // HTTP requires a challenge with every 401; clients (and strict HTTP libraries) rely on it.
            response.header("WWW-Authenticate", "Bearer realm=\"odock\"");
        }
        return response.build();
    }

    /** The error body in a dialect's shape. */
    public JsonNode body(GatewayException error, String dialect, String requestId) {
        Optional<DialectTranslator> translator = dialect.equals(Dialects.ODOCK)
                ? Optional.empty() : registry.translator(dialect);
        if (translator.isPresent()) {
            try {
                return translator.get().encodeError(error, requestId);
            } catch (RuntimeException e) {
                log.error("Request {}: the {} translator failed to render an error", requestId, dialect, e);
            }
        }
        return odockShape(error, requestId);
    }

    private JsonNode odockShape(GatewayException error, String requestId) {
        return OdockErrorShape.body(error, requestId, json);
    }
}
