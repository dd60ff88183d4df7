package io.odock.plugin.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.GatewayException;
import io.odock.spi.dialect.DialectTranslator;
import io.odock.spi.dialect.InboundCall;
import io.odock.spi.dialect.StreamEncoder;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.Operation;

/** The Gemini dialect: {@code generateContent} and {@code streamGenerateContent} calls, answers, streams and errors. */
final class GeminiDialectTranslator implements DialectTranslator {
    private final ObjectMapper json;
    private final GeminiResponseWriter responses;
    private final GeminiErrors errors;

    GeminiDialectTranslator(ObjectMapper json) {
        this.json = json;
        this.responses = new GeminiResponseWriter(json);
        this.errors = new GeminiErrors(json);
    }

    @Override
    public String dialect() {
        return GeminiDialectTranslatorFactory.DIALECT;
    }

    @Override
    public GatewayRequest decode(InboundCall call) {
        if (call.operation() != Operation.CHAT) {
            throw GatewayException.invalidRequest("the gemini dialect serves generateContent calls only, not "
                    + call.operation());
        }
        return GeminiRequestReader.read(call);
    }

    @Override
    public JsonNode encode(GatewayRequest request, GatewayResponse response) {
        return responses.write(request, response);
    }

    @Override
    public StreamEncoder streamEncoder(GatewayRequest request) {
        return new GeminiStreamEncoder(json, request, responses, errors);
    }

    @Override
    public JsonNode encodeError(GatewayException error, String requestId) {
        return errors.body(error);
    }
}
