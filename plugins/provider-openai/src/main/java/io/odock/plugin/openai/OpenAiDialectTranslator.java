package io.odock.plugin.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.GatewayException;
import io.odock.spi.dialect.DialectTranslator;
import io.odock.spi.dialect.InboundCall;
import io.odock.spi.dialect.StreamEncoder;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.Operation;

/** The OpenAI dialect: Chat Completions requests, answers, streams and errors. */
final class OpenAiDialectTranslator implements DialectTranslator {
    private final ObjectMapper json;
    private final ChatResponseWriter responses;
    private final OpenAiErrors errors;

    OpenAiDialectTranslator(ObjectMapper json) {
        this.json = json;
        this.responses = new ChatResponseWriter(json);
        this.errors = new OpenAiErrors(json);
    }

    @Override
    public String dialect() {
        return OpenAiDialectTranslatorFactory.DIALECT;
    }

    @Override
    public GatewayRequest decode(InboundCall call) {
        if (call.operation() != Operation.CHAT) {
            throw GatewayException.invalidRequest("The OpenAI dialect cannot read a " + call.operation() + " call");
        }
        return ChatRequestReader.read(call.body());
    }

    @Override
    public JsonNode encode(GatewayRequest request, GatewayResponse response) {
        return responses.write(request, response);
    }

    @Override
    public StreamEncoder streamEncoder(GatewayRequest request) {
        return new ChatStreamEncoder(json, request, (error, requestId) -> errors.body(error));
    }

    @Override
    public JsonNode encodeError(GatewayException error, String requestId) {
        return errors.body(error);
    }
}
