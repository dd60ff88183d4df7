package io.odock.core.mcp;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * What the MCP route answers: a status, the MCP headers, and a JSON body, a stream of events, or nothing.
 *
 * @param status  HTTP status
 * @param headers MCP headers for the client
 * @param body    the body; null for none
 * @param stream  for an event stream, what writes it (the body is then null)
 */
public record McpResult(int status, Map<String, String> headers, byte[] body, StreamBody stream) {

    /** Writes an event stream to the client. */
    @FunctionalInterface
    public interface StreamBody {
        /** Writes until the upstream's stream ends or the client goes away. */
        void writeTo(OutputStream out) throws IOException;
    }
}
