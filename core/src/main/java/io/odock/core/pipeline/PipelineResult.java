package io.odock.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;

/** What the pipeline answers: a complete JSON body, or a stream of Server-Sent Events written as they arrive. */
public sealed interface PipelineResult {

    /**
     * A complete answer.
     *
     * @param status HTTP status
     * @param body   the body
     */
    record Json(int status, JsonNode body) implements PipelineResult {
    }

    /**
     * A streamed answer; the HTTP layer sends headers, then calls {@link #writeTo} on the request's thread.
     *
     * @param body writes the events, flushing each one
     */
    record EventStream(StreamBody body) implements PipelineResult {
    }

    /** Writes a stream's events to the client. */
    @FunctionalInterface
    interface StreamBody {
        /** Writes until the stream ends or the client goes away. */
        void writeTo(OutputStream out) throws IOException;
    }
}
