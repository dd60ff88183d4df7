package io.odock.plugin.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.GatewayException;
import io.odock.spi.dialect.DialectTranslator;
import io.odock.spi.dialect.InboundCall;
import io.odock.spi.dialect.StreamEncoder;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.Operation;

/** The Anthropic dialect: Messages requests, answers, event streams and errors. */
final class AnthropicDialectTranslator implements DialectTranslator {
    private final ObjectMapper json;
    private final MessagesResponseWriter responses;
    private final AnthropicErrors errors;

    AnthropicDialectTranslator(ObjectMapper json) {
        this.json = json;
        this.responses = new MessagesResponseWriter(json);
        this.errors = new AnthropicErrors(json);
    }

    @Override
    public String dialect() {
        return AnthropicDialectTranslatorFactory.DIALECT;
    }

    @Override
    public GatewayRequest decode(InboundCall call) {
        if (call.operation() != Operation.CHAT) {
            // Guards a route added without its reader.
            throw GatewayException.invalidRequest("The anthropic dialect cannot read a " + call.operation() + " call");
        }
        return MessagesRequestReader.read(call);
    }

    @Override
    public JsonNode encode(GatewayRequest request, GatewayResponse response) {
        return responses.write(request, response);
    }

    @Override
    public StreamEncoder streamEncoder(GatewayRequest request) {
        return new MessagesStreamEncoder(json, request, errors);
    }

    @Override
    public JsonNode encodeError(GatewayException error, String requestId) {
        return errors.body(error, requestId);
    }
}
