package io.odock.spi.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.GatewayException;
import io.odock.spi.UpstreamErrors;
import io.odock.spi.model.UpstreamTarget;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.Function;

/**
 * The HTTP steps every provider adapter takes, done one way: building a JSON call, turning a non-2xx answer into the
 * gateway's error with the upstream's message and {@code Retry-After}, and reading a JSON answer. Sending is the
 * host's {@link UpstreamClient}; this class never adds a credential.
 */
public final class UpstreamHttp {
    /** Most of an error body read for its message; the rest is discarded. */
    private static final int ERROR_BODY_LIMIT = 64 * 1024;

    private UpstreamHttp() {
    }

    /**
     * A {@code POST} of a JSON body to {@code url}, accepting JSON or, for a stream, server-sent events; the adapter
     * adds its credential and provider headers.
     */
    public static UpstreamCall.Builder jsonPost(String url, byte[] body, boolean stream) {
        return UpstreamCall.post(url)
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .body(UpstreamBody.json(body));
    }

    /**
     * Throws the gateway's error for a non-2xx answer (reading at most 64 KiB of its body for the message); returns
     * normally for a 2xx one.
     *
     * @param message reads the upstream's error message from its parsed error body, in the provider's shape
     */
    public static void requireSuccess(UpstreamAnswer answer, UpstreamTarget target, ObjectMapper json,
                                      Function<JsonNode, Optional<String>> message) {
        if (answer.status() / 100 == 2) {
            return;
        }
        Optional<String> text = Optional.empty();
        try (InputStream body = answer.body()) {
            byte[] bytes = body.readNBytes(ERROR_BODY_LIMIT);
            text = message.apply(json.readTree(bytes));
        } catch (IOException | RuntimeException e) {
            // Not in the provider's shape: the status alone says enough.
        }
        throw UpstreamErrors.fromStatus(target.providerId(), answer.status(), text,
                UpstreamErrors.parseRetryAfter(answer.header("retry-after")));
    }

    /** Reads a complete answer's JSON body; an upstream error when it is not JSON. */
    public static JsonNode readJson(UpstreamAnswer answer, UpstreamTarget target, ObjectMapper json) {
        try (InputStream body = answer.body()) {
            return json.readTree(body);
        } catch (IOException e) {
            throw GatewayException.upstreamError("upstream provider '" + target.providerId()
                    + "' answered with a body that is not JSON").withCause(e);
        }
    }
}
