package io.odock.core.pipeline;

import io.odock.spi.dialect.StreamFraming;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** What the pipeline answers: a complete JSON body, or a stream of Server-Sent Events written as they arrive. */
public sealed interface PipelineResult {

    /** Headers to send with the answer (which deployment answered, after how many attempts). */
    Map<String, String> headers();

    /**
     * A complete answer.
     *
     * @param status  HTTP status
     * @param body    the body
     * @param headers extra response headers
     */
    record Json(int status, JsonNode body, Map<String, String> headers) implements PipelineResult {
    }

    /**
     * A complete answer that is not JSON (a transcript as text), sent as the upstream gave it.
     *
     * @param status  HTTP status
     * @param body    the bytes and their content type
     * @param headers extra response headers
     */
    record Bytes(int status, io.odock.spi.model.RawBody body, Map<String, String> headers) implements PipelineResult {
    }

    /**
     * A streamed answer; the HTTP layer sends headers, then calls {@link StreamBody#writeTo} on the request's thread.
     *
     * @param body    writes the events, flushing each one
     * @param framing how the events are framed, which sets the content type
     * @param headers extra response headers
     */
    record EventStream(StreamBody body, StreamFraming framing, Map<String, String> headers) implements PipelineResult {
    }

    /** Writes a stream's events to the client. */
    @FunctionalInterface
    interface StreamBody {
        /** Writes until the stream ends or the client goes away. */
        void writeTo(OutputStream out) throws IOException;
    }
}
