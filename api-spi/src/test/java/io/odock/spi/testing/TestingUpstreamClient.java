package io.odock.spi.testing;

import io.odock.spi.GatewayException;
import io.odock.spi.UpstreamErrors;
import io.odock.spi.model.UpstreamTarget;
import io.odock.spi.provider.UpstreamAnswer;
import io.odock.spi.provider.UpstreamBody;
import io.odock.spi.provider.UpstreamCall;
import io.odock.spi.provider.UpstreamClient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@link UpstreamClient} for plugin authors' unit tests, so that an adapter can be tried against a fake upstream
 * without a gateway: it keeps the host's contract (the target's timeouts, the same error codes, a complete answer read
 * whole) on the JDK's HTTP client. The gateway itself uses its own, pooled client; this one is not tuned for load.
 *
 * <p>It comes in the SPI's test jar ({@code <type>test-jar</type>}, test scope).
 */
public final class TestingUpstreamClient implements UpstreamClient {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Override
    public UpstreamAnswer send(UpstreamCall call, UpstreamTarget target, boolean stream) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(call.url())).timeout(target.firstByteTimeout());
        call.headers().forEach(header -> request.header(header.name(), header.value()));
        call.body().ifPresentOrElse(body -> request.header("Content-Type", body.contentType())
                        .method(call.method(), publisher(body)),
                () -> request.method(call.method(), HttpRequest.BodyPublishers.noBody()));
        var pending = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try {
            HttpResponse<InputStream> response = pending.get(
                    (stream ? target.firstByteTimeout() : target.timeout()).toMillis(), TimeUnit.MILLISECONDS);
            InputStream body = stream ? response.body() : new ByteArrayInputStream(readAll(response.body(), target));
            return new Answer(response, body);
        } catch (ExecutionException e) {
            throw failure(target, e.getCause());
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw UpstreamErrors.timedOut(target.providerId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.cancel(true);
            throw GatewayException.upstreamError("the call was interrupted");
        }
    }

    private static byte[] readAll(InputStream body, UpstreamTarget target) {
        try (body) {
            return body.readAllBytes();
        } catch (IOException e) {
            throw UpstreamErrors.fromIOException(target.providerId(), e);
        }
    }

    private static GatewayException failure(UpstreamTarget target, Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return UpstreamErrors.unreachable(target.providerId(), true);
        }
        if (cause instanceof HttpTimeoutException) {
            return UpstreamErrors.timedOut(target.providerId());
        }
        if (cause instanceof IOException io) {
            return UpstreamErrors.fromIOException(target.providerId(), io);
        }
        return GatewayException.upstreamError("the call to upstream provider '" + target.providerId() + "' failed");
    }

    private static HttpRequest.BodyPublisher publisher(UpstreamBody body) {
        return switch (body) {
            case UpstreamBody.Bytes bytes -> HttpRequest.BodyPublishers.ofByteArray(bytes.bytes());
            case UpstreamBody.Streamed streamed -> HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> {
                        try {
                            return streamed.content().open();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }), streamed.length());
        };
    }

    private record Answer(HttpResponse<InputStream> response, InputStream body) implements UpstreamAnswer {
        @Override
        public int status() {
            return response.statusCode();
        }

        @Override
        public Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }
    }
}
