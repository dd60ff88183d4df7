package io.odock.plugin.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.stream.EventStream;

import java.io.InputStream;
import java.util.Optional;

/**
 * Reaches the OpenAI wire format's package-private classes for benchmarks in other packages: this class lives in the
 * library's package (on the class path, not in a plugin class loader), so it is the same code the provider-openai
 * plugin runs, built the way its adapter builds it.
 */
public final class OpenAiBenchSupport {
    private OpenAiBenchSupport() {
    }

    /**
     * The event stream {@code OpenAiProviderAdapter.stream} returns for a chat call, over an upstream body.
     *
     * @param passthrough whether raw events are handed on (the client speaks OpenAI's dialect and nothing inspects
     *                    the stream) or each chunk is parsed into normalized events
     */
    public static EventStream chatEventStream(InputStream body, ObjectMapper json, boolean passthrough) {
        return new OpenAiEventStream(body, json, "openai", passthrough, Optional.of("req_upstream_bench"));
    }
}
