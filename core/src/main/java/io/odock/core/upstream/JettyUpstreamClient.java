package io.odock.core.upstream;

import io.odock.spi.GatewayException;
import io.odock.spi.UpstreamErrors;
import io.odock.spi.model.UpstreamTarget;
import io.odock.spi.provider.UpstreamAnswer;
import io.odock.spi.provider.UpstreamBody;
import io.odock.spi.provider.UpstreamCall;
import io.odock.spi.provider.UpstreamClient;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamRequestContent;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The host's {@link UpstreamClient}, on Jetty's HTTP client: kept-alive HTTP/1.1 connections pooled per upstream.
 * Side by side against the benchmark's upstream it took about half the CPU per exchange of the JDK's client; inside
 * the gateway the difference is smaller (docs/performance.md). Jetty sets connect timeouts per client, so there is one
 * client per connect timeout in use, each started on first use.
 */
public final class JettyUpstreamClient implements UpstreamClient, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JettyUpstreamClient.class);
    /**
     * Most a complete answer may hold. The JDK client had no limit; this one is far above any JSON answer, including
     * several base64 images, and keeps a broken upstream from filling the heap.
     */
    static final int MAX_COMPLETE_ANSWER_BYTES = 128 * 1024 * 1024;
    /** Connections kept to one upstream (scheme, host, port); more concurrent calls than this wait for one. */
    static final int MAX_CONNECTIONS_PER_UPSTREAM = 2048;
    /** A kept-alive connection unused this long is closed (upstreams close theirs after a few seconds anyway). */
    private static final Duration POOLED_IDLE_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpField USER_AGENT = new HttpField(HttpHeader.USER_AGENT, "Odock");

    private final Map<Duration, HttpClient> clients = new ConcurrentHashMap<>();

    @Override
    public UpstreamAnswer send(UpstreamCall call, UpstreamTarget target, boolean stream) {
        HttpClient client = clientFor(target.connectTimeout());
        Request request = client.newRequest(call.url()).method(call.method());
        request.headers(headers -> call.headers().forEach(header -> headers.add(header.name(), header.value())));
        call.body().ifPresent(body -> request.body(content(body)));
        return stream ? open(request, target) : complete(client, request, target);
    }

    /**
     * A complete answer: the whole exchange, body included, within the target's total timeout, and its headers within
     * the first-byte timeout when that is shorter.
     */
    private static UpstreamAnswer complete(HttpClient client, Request request, UpstreamTarget target) {
        request.timeout(target.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .idleTimeout(target.timeout().toMillis(), TimeUnit.MILLISECONDS);
        Scheduler.Task firstByteWatch = null;
        if (target.firstByteTimeout().compareTo(target.timeout()) < 0) {
            Scheduler.Task watch = client.getScheduler().schedule(() -> request.abort(
                            new TimeoutException("no answer within the first-byte timeout")),
                    target.firstByteTimeout().toMillis(), TimeUnit.MILLISECONDS);
            request.onResponseBegin(response -> watch.cancel());
            firstByteWatch = watch;
        }
        var pending = new CompletableResponseListener(request, MAX_COMPLETE_ANSWER_BYTES).send();
        try {
            ContentResponse response = pending.get();
            return new Answer(response, new ByteArrayInputStream(response.getContent()));
        } catch (ExecutionException e) {
            throw failure(target, e.getCause());
        } catch (InterruptedException e) {
            // The gateway's client went away (ClientDisconnectWatch interrupts the request's thread).
            request.abort(e);
            Thread.currentThread().interrupt();
            throw GatewayException.upstreamError("the call to upstream provider '" + target.providerId()
                    + "' was interrupted");
        } finally {
            if (firstByteWatch != null) {
                firstByteWatch.cancel();
            }
        }
    }

    /**
     * A stream: its headers within the first-byte timeout, then the body as it arrives. The host bounds the rest of
     * the stream (StreamDeadlines), so the connection's idle timeout is set no shorter than the whole call.
     */
    private static UpstreamAnswer open(Request request, UpstreamTarget target) {
        request.idleTimeout(target.timeout().toMillis(), TimeUnit.MILLISECONDS);
        InputStreamResponseListener listener = new InputStreamResponseListener();
        request.send(listener);
        try {
            Response response = listener.get(target.firstByteTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return new Answer(response, listener.getInputStream());
        } catch (ExecutionException e) {
            throw failure(target, e.getCause());
        } catch (TimeoutException e) {
            request.abort(e);
            throw UpstreamErrors.timedOut(target.providerId());
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            throw GatewayException.upstreamError("the call to upstream provider '" + target.providerId()
                    + "' was interrupted");
        }
    }

    /** Jetty's failures in the gateway's vocabulary; the messages never carry the call's headers. */
    static GatewayException failure(UpstreamTarget target, Throwable cause) {
        String provider = target.providerId();
        return switch (cause) {
            // Jetty's connect timeout (ClientConnector: "Connect Timeout"); its other timeouts are
            // java.util.concurrent ones.
            case SocketTimeoutException e -> UpstreamErrors.unreachable(provider, true).withCause(e);
            case ConnectException e -> UpstreamErrors.unreachable(provider, false).withCause(e);
            case UnknownHostException e -> UpstreamErrors.unreachable(provider, false).withCause(e);
            case UnresolvedAddressException e -> UpstreamErrors.unreachable(provider, false).withCause(e);
            case TimeoutException e -> UpstreamErrors.timedOut(provider).withCause(e);
            case IOException e -> UpstreamErrors.fromIOException(provider, e);
            case GatewayException e -> e;
            case null, default -> GatewayException.upstreamError("the call to upstream provider '" + provider
                    + "' failed").withCause(cause);
        };
    }

    private static Request.Content content(UpstreamBody body) {
        return switch (body) {
            case UpstreamBody.Bytes bytes -> new BytesRequestContent(bytes.contentType(), bytes.bytes());
            case UpstreamBody.Streamed streamed -> new SizedStreamContent(streamed);
        };
    }

    private HttpClient clientFor(Duration connectTimeout) {
        HttpClient client = clients.get(connectTimeout);
        return client != null ? client : clients.computeIfAbsent(connectTimeout, JettyUpstreamClient::start);
    }

    private static HttpClient start(Duration connectTimeout) {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("upstream");
        threads.setDaemon(true);
        // Completions and body hand-overs run on virtual threads: measured the cheapest per exchange.
        threads.setVirtualThreadsExecutor(
                Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("upstream").factory()));
        HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP();
        // Parsing an answer and handing its bytes to the waiting request thread never blocks, so Jetty may do it on
        // the selector's own thread instead of dispatching each read to another thread: for a stream, that is one
        // thread hand-off less per event.
        transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
        HttpClient client = new HttpClient(transport);
        client.setExecutor(threads);
        client.setConnectTimeout(connectTimeout.toMillis());
        client.setIdleTimeout(POOLED_IDLE_TIMEOUT.toMillis());
        client.setFollowRedirects(false);
        client.setMaxConnectionsPerDestination(MAX_CONNECTIONS_PER_UPSTREAM);
        client.setMaxRequestsQueuedPerDestination(64 * 1024);
        client.setUserAgentField(USER_AGENT);
        // One client serves every caller: a cookie an upstream sets for one caller's call must never ride on the
        // next caller's. Jetty's default store would keep it (and match every request's URI against it).
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        // Answers are read into heap buffers: with the reads done on the selector thread, the pool of direct buffers
        // grew by tens of megabytes of native memory under streaming load, outside the heap limit.
        client.setUseInputDirectByteBuffers(false);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the upstream HTTP client", e);
        }
        // Answers are relayed as they came: no Accept-Encoding of the gateway's own, nothing to decode. (Cleared
        // after start, which installs the default decoders when there are none.)
        client.getContentDecoderFactories().clear();
        return client;
    }

    /**
     * Stops every client. Runs after the server has drained, so an exchange still open is an orphan (a body nobody
     * will read): it is aborted.
     */
    @Override
    public void close() {
        for (HttpClient client : clients.values()) {
            try {
                client.stop();
            } catch (Exception e) {
                log.warn("Stopping an upstream HTTP client failed: {}", e.toString());
            }
        }
        clients.clear();
    }

    /** A streamed body with its length declared, so that the upstream gets a Content-Length and no chunking. */
    private static final class SizedStreamContent extends InputStreamRequestContent {
        private final long length;

        SizedStreamContent(UpstreamBody.Streamed body) {
            super(body.contentType(), open(body));
            this.length = body.length();
        }

        private static InputStream open(UpstreamBody.Streamed body) {
            try {
                return body.content().open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public long getLength() {
            return length;
        }
    }

    private record Answer(Response response, InputStream body) implements UpstreamAnswer {
        @Override
        public int status() {
            return response.getStatus();
        }

        @Override
        public Optional<String> header(String name) {
            return Optional.ofNullable(response.getHeaders().get(name));
        }
    }
}
