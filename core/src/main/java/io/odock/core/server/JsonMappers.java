package io.odock.core.server;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The gateway's one JSON mapper configuration, shared with every plugin through the SPI's context. */
public final class JsonMappers {
    private JsonMappers() {
    }

    /**
     * A mapper that refuses trailing garbage after a body and accepts strings as long as the largest body the gateway
     * takes (inline images and documents are long base64 strings).
     */
    public static ObjectMapper create(long maxBodyBytes) {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, Math.max(maxBodyBytes, 20_000_000L)))
                .build());
        return mapper;
    }
}
