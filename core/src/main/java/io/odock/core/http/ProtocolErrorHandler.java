package io.odock.core.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * Answers the errors Jetty finds itself, before any route runs (a request it cannot parse, a bad Host, headers or a
 * target too large, a request arriving while the gateway stops), as the same JSON errors the routes give, in the
 * path's dialect and with a request id, instead of Jetty's HTML page. The text is fixed per status: what Jetty says
 * about a malformed request may quote the request, and nothing a client sent is echoed back.
 */
public final class ProtocolErrorHandler implements Request.Handler {
    private final ErrorRenderer renderer;
    private final ObjectMapper json;

    /** Renders through this renderer. */
    public ProtocolErrorHandler(ErrorRenderer renderer, ObjectMapper json) {
        this.renderer = renderer;
        this.json = json;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer given ? given
                : response.getStatus() >= 400 ? response.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR_500;
        String requestId = RequestIds.newId();
        GatewayException error = new GatewayException(status, code(status), message(status));
        byte[] body = JsonEntity.of(json, renderer.body(error, Dialects.forPath(path(request)), requestId));
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(RequestIds.HEADER, requestId);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, HttpMethod.HEAD.is(request.getMethod()) ? null : ByteBuffer.wrap(body), callback);
        return true;
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    private static String path(Request request) {
        HttpURI uri = request.getHttpURI();
        String path = uri == null ? null : uri.getPath();
        return path == null ? "/" : path;
    }

    private static String code(int status) {
        return switch (status) {
            case HttpStatus.NOT_FOUND_404 -> ErrorCodes.NOT_FOUND;
            case HttpStatus.METHOD_NOT_ALLOWED_405 -> ErrorCodes.METHOD_NOT_ALLOWED;
            case HttpStatus.PAYLOAD_TOO_LARGE_413, HttpStatus.URI_TOO_LONG_414,
                 HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431 -> ErrorCodes.REQUEST_TOO_LARGE;
            case HttpStatus.UNSUPPORTED_MEDIA_TYPE_415 -> ErrorCodes.UNSUPPORTED_MEDIA_TYPE;
            case HttpStatus.SERVICE_UNAVAILABLE_503 -> ErrorCodes.GATEWAY_STOPPING;
            default -> status >= 500 ? ErrorCodes.INTERNAL_ERROR : ErrorCodes.INVALID_REQUEST;
        };
    }

    private static String message(int status) {
        String reason = HttpStatus.getMessage(status);
        return switch (status) {
            case HttpStatus.SERVICE_UNAVAILABLE_503 -> "The gateway is stopping and takes no new requests; retry";
            default -> status >= 500 ? "The gateway failed to answer this request (" + reason + ")"
                    : "The HTTP request could not be processed (" + reason + ")";
        };
    }
}
