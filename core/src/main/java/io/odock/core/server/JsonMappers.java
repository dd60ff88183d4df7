package io.odock.core.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The gateway's one JSON mapper configuration, shared with every plugin through the SPI's context. */
public final class JsonMappers {
    /**
     * How many sets of parser and generator buffers are kept for reuse. Jackson's default keeps one set per thread,
     * but every request runs on a new virtual thread, so each request allocated its own for every body it read or
     * wrote and every access-log line (RequestBodyBenchmark.readOnNewVirtualThread: 4,180 bytes per read without the
     * pool, 3,440 with it). Past this many in use at once, a set is allocated and dropped as before.
     */
    private static final int POOLED_BUFFER_SETS = 256;

    private JsonMappers() {
    }

    /**
     * A mapper that refuses trailing garbage after a body and accepts strings as long as the largest body the gateway
     * takes (inline images and documents are long base64 strings).
     */
    public static ObjectMapper create(long maxBodyBytes) {
        JsonFactory factory = JsonFactory.builder()
                .recyclerPool(JsonRecyclerPools.newBoundedPool(POOLED_BUFFER_SETS))
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength((int) Math.min(Integer.MAX_VALUE, Math.max(maxBodyBytes, 20_000_000L)))
                        .build())
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }
}
