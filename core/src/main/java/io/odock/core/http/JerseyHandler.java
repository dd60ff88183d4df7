package io.odock.core.http;

import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.internal.ContainerUtils;
import org.glassfish.jersey.server.spi.Container;
import org.glassfish.jersey.server.spi.ContainerResponseWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Serves the Jersey application straight from a Jetty handler, with no servlet layer in between.
 *
 * <p>Every route is a synchronous JAX-RS resource running on its own virtual thread, so the servlet container's
 * machinery (servlet request and response wrappers, filter chain, attribute maps, Jersey's servlet adapter rebuilding
 * the request URI from the servlet API's pieces) bought nothing and cost CPU on every request in profiles. Here Jetty's
 * request becomes Jersey's in one step: the URI from Jetty's parsed one, the headers copied once, the body read as a
 * blocking stream, and what the connection tells (the client's address, the disconnect watch) handed over as request
 * properties.
 *
 * <p>An answer's last bytes leave, and the exchange completes, only after Jersey's handling has returned, so what runs
 * at the end of a request (the disconnect watch closing) always comes before the client can have its whole answer and
 * send the next request on the connection; a watch probing then would take that request's first byte.
 */
public final class JerseyHandler extends Handler.Abstract implements Container {
    private static final Logger log = LoggerFactory.getLogger(JerseyHandler.class);
    /** Base URIs differ only by the Host a client sends; a few are kept parsed, the rest are parsed per request. */
    private static final int BASE_URIS_KEPT = 64;

    private final ClientAddresses clientAddresses;
    private final ClientDisconnectWatch disconnects;
    private final Map<String, URI> baseUris = new ConcurrentHashMap<>();
    private volatile ApplicationHandler application;

    /** Serves this application; the client's address and disconnect watch go to it as request properties. */
    public JerseyHandler(ResourceConfig configuration, ClientAddresses clientAddresses,
                         ClientDisconnectWatch disconnects) {
        // Blocking: resources block on upstream calls, so Jetty must hand each request its own (virtual) thread.
        super(InvocationType.BLOCKING);
        this.clientAddresses = clientAddresses;
        this.disconnects = disconnects;
        this.application = new ApplicationHandler(configuration);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        application.onStartup(this);
    }

    @Override
    protected void doStop() throws Exception {
        application.onShutdown(this);
        super.doStop();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        ContainerRequest jerseyRequest;
        try {
            jerseyRequest = jerseyRequest(request);
        } catch (IllegalArgumentException e) {
            // A target Jetty accepted but java.net.URI cannot hold: a client error, answered before any route runs.
            // Not the target itself: a Gemini caller's key may ride in its query string.
            log.debug("A request target that is not a valid URI was refused");
            Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400);
            return true;
        }
        String requestId = RequestIds.accept(request.getHeaders().get(RequestIds.HEADER));
        jerseyRequest.setProperty(RequestIds.PROPERTY, requestId);
        Writer writer = new Writer(request, response, requestId);
        jerseyRequest.setWriter(writer);
        try (ClientDisconnectWatch.Handle watch = disconnects.open(request)) {
            jerseyRequest.setProperty(ClientDisconnectWatch.PROPERTY, watch.connection());
            application.handle(jerseyRequest);
        } catch (RuntimeException e) {
            writer.failure(e);
        }
        writer.complete(callback);
        return true;
    }

    private ContainerRequest jerseyRequest(Request request) {
        HttpURI uri = request.getHttpURI();
        String path = uri.getCanonicalPath();
        if (path == null) {
            throw new IllegalArgumentException("no path");
        }
        // The canonical path has dot segments resolved, so "/v1/../admin" reaches Jersey as what it really names.
        String target = URIUtil.encodePath(path);
        String query = uri.getQuery();
        if (query != null) {
            target = target + '?' + ContainerUtils.encodeUnsafeCharacters(query);
        }
        String authority = authority(request);
        URI base = baseUri(authority);
        ContainerRequest jerseyRequest = new ContainerRequest(base, URI.create(authority + target),
                request.getMethod(), new ConnectionSecurity(request.isSecure()), new MapPropertiesDelegate(),
                application.getConfiguration());
        for (HttpField field : request.getHeaders()) {
            jerseyRequest.header(field.getName(), field.getValue());
        }
        jerseyRequest.setEntityStream(Content.Source.asInputStream(request));
        jerseyRequest.setProperty(ClientAddresses.PROPERTY, clientAddresses.of(request));
        return jerseyRequest;
    }

    /** {@code scheme://host:port}, as the client addressed the gateway. */
    private static String authority(Request request) {
        String host = Request.getServerName(request);
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return request.getHttpURI().getScheme() + "://" + host + ":" + Request.getServerPort(request);
    }

    private URI baseUri(String authority) {
        URI known = baseUris.get(authority);
        if (known != null) {
            return known;
        }
        URI parsed = URI.create(authority + "/");
        if (baseUris.size() < BASE_URIS_KEPT) {
            baseUris.put(authority, parsed);
        }
        return parsed;
    }

    @Override
    public ResourceConfig getConfiguration() {
        return application.getConfiguration();
    }

    @Override
    public ApplicationHandler getApplicationHandler() {
        return application;
    }

    @Override
    public void reload() {
        reload(new ResourceConfig(application.getConfiguration()));
    }

    @Override
    public void reload(ResourceConfig newConfiguration) {
        application.onShutdown(this);
        application = new ApplicationHandler(newConfiguration);
        application.onReload(this);
        application.onStartup(this);
    }

    /** Writes Jersey's answer to Jetty's response; the exchange completes once Jersey's handling has returned. */
    private static final class Writer implements ContainerResponseWriter {
        private final Request request;
        private final Response response;
        private final String requestId;
        private boolean committed;
        private ResponseBody body;
        private Throwable failure;

        Writer(Request request, Response response, String requestId) {
            this.request = request;
            this.response = response;
            this.requestId = requestId;
        }

        @Override
        public OutputStream writeResponseStatusAndHeaders(long contentLength, ContainerResponse answer) {
            response.setStatus(answer.getStatus());
            HttpFields.Mutable headers = response.getHeaders();
            for (Map.Entry<String, List<String>> header : answer.getStringHeaders().entrySet()) {
                headers.put(header.getKey(), header.getValue());
            }
            headers.put(RequestIds.HEADER, requestId);
            if (Dialects.forPath(request.getHttpURI().getCanonicalPath()).equals(Dialects.ANTHROPIC)) {
                // Anthropic's SDKs read the request id from their own header name into errors and responses.
                headers.put(RequestIds.ANTHROPIC_HEADER, requestId);
            }
            // A body left unread (an error answered before reading it, a 413) cannot be skipped on a kept-alive
            // connection: what has arrived is discarded, and if more is to come the connection closes after this
            // answer, which must say so, or the client would send its next request into a closing connection.
            if (!request.consumeAvailable()) {
                headers.put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            }
            // A HEAD answer has no body to measure; Jetty would fail an exchange whose declared length is not written.
            boolean head = HttpMethod.HEAD.is(request.getMethod());
            if (contentLength >= 0 && !head) {
                headers.put(HttpHeader.CONTENT_LENGTH, contentLength);
            }
            // Bytes and strings are whole answers; anything else (a StreamingOutput) may be a stream that flushes.
            Object entity = answer.getEntity();
            body = new ResponseBody(response, !head, !(entity instanceof byte[] || entity instanceof String));
            return body;
        }

        @Override
        public boolean suspend(long timeOut, TimeUnit timeUnit, TimeoutHandler timeoutHandler) {
            // No route is asynchronous: each runs on its own virtual thread and blocks instead.
            return false;
        }

        @Override
        public void setSuspendTimeout(long timeOut, TimeUnit timeUnit) {
            throw new IllegalStateException("Asynchronous responses are not supported");
        }

        @Override
        public void commit() {
            committed = true;
        }

        @Override
        public void failure(Throwable error) {
            if (failure == null) {
                failure = error;
            }
        }

        @Override
        public boolean enableResponseBuffering() {
            return false;
        }

        void complete(Callback callback) {
            if (failure == null && committed) {
                if (body == null) {
                    callback.succeeded();
                } else {
                    body.complete(callback);
                }
            } else if (!response.isCommitted()) {
                if (failure != null) {
                    // The type only: a message could quote the request, and with it a key.
                    log.warn("Could not write an answer: {}", failure.getClass().getName());
                }
                // Nothing reached the client yet: a 500 from the server's error handler (ProtocolErrorHandler, the
                // gateway's JSON error), never the failure's text.
                response.getHeaders().clear();
                Response.writeError(request, response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500);
            } else {
                // Part of the answer was sent (a stream the client left, mostly): all that is left is to abort.
                callback.failed(failure != null ? failure : new IllegalStateException("Answer left unfinished"));
            }
        }
    }

    /** What Jersey's security context knows: the connection's scheme only; callers authenticate in the routes. */
    private record ConnectionSecurity(boolean isSecure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return null;
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }

        @Override
        public String getAuthenticationScheme() {
            return null;
        }
    }
}
