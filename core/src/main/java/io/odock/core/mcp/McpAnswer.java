package io.odock.core.mcp;

import io.odock.spi.stream.SseEvent;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** What an MCP server answered to one HTTP exchange of the Streamable HTTP transport. */
sealed interface McpAnswer {

    /** The HTTP status. */
    int status();

    /** Headers to pass on to the client ({@code mcp-session-id}, {@code mcp-protocol-version}). */
    Map<String, String> headers();

    /**
     * One JSON body (a JSON-RPC response, or an error the server answered).
     *
     * @param status  HTTP status
     * @param body    the body
     * @param headers headers for the client
     */
    record Json(int status, byte[] body, Map<String, String> headers) implements McpAnswer {
    }

    /**
     * A stream of Server-Sent Events, each carrying one JSON-RPC message.
     *
     * @param status  HTTP status
     * @param headers headers for the client
     * @param events  the events, read as they come; closing it ends the upstream exchange
     */
    record Events(int status, Map<String, String> headers, EventSource events) implements McpAnswer {
    }

    /**
     * Nothing to answer ({@code 202 Accepted} for a notification, {@code 204} for a closed session).
     *
     * @param status  HTTP status
     * @param headers headers for the client
     */
    record Empty(int status, Map<String, String> headers) implements McpAnswer {
    }

    /** Events read one by one. */
    interface EventSource extends Closeable {
        /** The next event, or empty at the end. */
        Optional<SseEvent> next() throws IOException;
    }
}
