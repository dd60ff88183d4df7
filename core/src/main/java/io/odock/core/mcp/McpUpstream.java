package io.odock.core.mcp;

import java.io.IOException;
import java.util.Map;

/**
 * One configured MCP server as the gateway reaches it, whatever its transport, always spoken to in the terms of the
 * Streamable HTTP transport the clients use: a POST per JSON-RPC message, an optional GET stream, a DELETE that ends
 * the session. Implementations use the operator's credential, never the client's.
 */
interface McpUpstream extends AutoCloseable {

    /**
     * Sends one JSON-RPC message from the client.
     *
     * @param body    the message as it goes upstream
     * @param headers the client's MCP headers ({@code mcp-session-id}, {@code mcp-protocol-version},
     *                {@code last-event-id}), lower-case names
     */
    McpAnswer post(byte[] body, Map<String, String> headers) throws IOException;

    /** Opens the server's stream of messages for a session (405 where the transport has none). */
    McpAnswer get(Map<String, String> headers) throws IOException;

    /** Ends a session. */
    McpAnswer delete(Map<String, String> headers) throws IOException;

    @Override
    void close();
}
