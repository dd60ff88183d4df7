package io.odock.spi.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import io.odock.spi.GatewayException;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;

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
