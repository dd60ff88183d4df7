package io.odock.spi.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.UpstreamErrors;
import io.odock.spi.model.UpstreamTarget;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The HTTP mechanics every provider adapter needs, done one way: sending a call within the target's timeouts, reading
 * a JSON answer, and turning a non-2xx answer into the gateway's error with the upstream's message and
 * {@code Retry-After}. Adapters build the request (URL, headers, payload); this class never adds a credential.
 */
public final class UpstreamHttp {
    /** Most of an error body read for its message; the rest is discarded. */
    private static final int ERROR_BODY_LIMIT = 64 * 1024;

    private UpstreamHttp() {
    }

    /**
     * Sends a call and waits for its answer. For a complete answer ({@code stream == false}) the whole body is read
     * within the target's total timeout; for a stream only the headers are waited for (within the first-byte timeout)
     * and the body is left for the host to read event by event.
     *
     * @throws GatewayException 504 {@link ErrorCodes#UPSTREAM_TIMEOUT} when the time ran out, or the mapped
     *                          connection failure
     */
    public static HttpResponse<InputStream> send(HttpClient client, HttpRequest request, UpstreamTarget target,
                                                 boolean stream) {
        Duration wholeCall = stream ? target.firstByteTimeout() : target.timeout();
        CompletableFuture<HttpResponse<InputStream>> pending = client.sendAsync(request,
                stream ? HttpResponse.BodyHandlers.ofInputStream() : wholeBody());
        try {
            return pending.get(wholeCall.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw UpstreamErrors.fromIOException(target.providerId(), io);
            }
            throw GatewayException.upstreamError("the call to upstream provider '" + target.providerId()
                    + "' failed").withCause(cause);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new GatewayException(504, ErrorCodes.UPSTREAM_TIMEOUT, "upstream provider '" + target.providerId()
                    + "' did not answer in time");
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw GatewayException.upstreamError("the call to upstream provider '" + target.providerId()
                    + "' was interrupted");
        }
    }

    /**
     * A request builder for {@code url} with the first-byte timeout set and a JSON body; the adapter adds its
     * credential and provider headers.
     */
    public static HttpRequest.Builder jsonPost(String url, UpstreamTarget target, byte[] body, boolean stream) {
        return HttpRequest.newBuilder(java.net.URI.create(url))
                .timeout(target.firstByteTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /**
     * Throws the gateway's error for a non-2xx answer (reading at most 64 KiB of its body for the message); returns
     * normally for a 2xx one.
     *
     * @param message reads the upstream's error message from its parsed error body, in the provider's shape
     */
    public static void requireSuccess(HttpResponse<InputStream> response, UpstreamTarget target, ObjectMapper json,
                                      Function<JsonNode, Optional<String>> message) {
        if (response.statusCode() / 100 == 2) {
            return;
        }
        Optional<String> text = Optional.empty();
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes(ERROR_BODY_LIMIT);
            text = message.apply(json.readTree(bytes));
        } catch (IOException | RuntimeException e) {
            // Not in the provider's shape: the status alone says enough.
        }
        throw UpstreamErrors.fromStatus(target.providerId(), response.statusCode(), text,
                UpstreamErrors.parseRetryAfter(response.headers().firstValue("retry-after")));
    }

    /** Reads a complete answer's JSON body; an upstream error when it is not JSON. */
    public static JsonNode readJson(HttpResponse<InputStream> response, UpstreamTarget target, ObjectMapper json) {
        try (InputStream body = response.body()) {
            return json.readTree(body);
        } catch (IOException e) {
            throw GatewayException.upstreamError("upstream provider '" + target.providerId()
                    + "' answered with a body that is not JSON").withCause(e);
        }
    }

    /**
     * Reads the whole body before the response completes, so that the future's timeout bounds the entire answer, and
     * hands it on as a stream like the streaming path.
     */
    private static HttpResponse.BodyHandler<InputStream> wholeBody() {
        return info -> HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(),
                ByteArrayInputStream::new);
    }
}
