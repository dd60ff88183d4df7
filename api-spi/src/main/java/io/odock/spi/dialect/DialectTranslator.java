package io.odock.spi.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import io.odock.spi.GatewayException;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.RawBody;

import java.util.Optional;

/**
 * Translates between one client dialect and the gateway's normalized values. Stateless and thread-safe; per-stream
 * state lives in the {@link StreamEncoder} it creates.
 */
public interface DialectTranslator {

    /** The dialect, as in {@link DialectTranslatorFactory#dialect()}. */
    String dialect();

    /**
     * Reads a client's call. Sets {@link GatewayRequest#dialect()} to this dialect and keeps the body as
     * {@link GatewayRequest#rawPayload()}.
     *
     * @throws GatewayException 400 {@link io.odock.spi.ErrorCodes#INVALID_REQUEST} naming the offending field when the
     *                          body is not a valid call in this dialect
     */
    GatewayRequest decode(InboundCall call);

    /**
     * Writes a complete answer in this dialect. The client's model name is {@code request.model()}; an answer must
     * never reveal the upstream model name the operator mapped it to.
     */
    JsonNode encode(GatewayRequest request, GatewayResponse response);

    /**
     * An answer the client gets as bytes rather than JSON, when the answer is not JSON ({@link
     * GatewayResponse#rawBody()}: a transcript the client asked for as text, SRT or WebVTT). When present, the host
     * sends it instead of {@link #encode}'s JSON. By default none.
     */
    default Optional<RawBody> encodeRaw(GatewayRequest request, GatewayResponse response) {
        return Optional.empty();
    }

    /** Starts encoding one streamed answer. */
    StreamEncoder streamEncoder(GatewayRequest request);

    /**
     * Writes an error in this dialect's error shape.
     *
     * @param error     the error; its message is client-safe
     * @param requestId the request's id, for dialects whose errors carry one
     */
    JsonNode encodeError(GatewayException error, String requestId);
}
