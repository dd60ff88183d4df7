package io.odock.core.mcp;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * A message-based connection to an MCP server (a process's standard streams, or the older HTTP+SSE transport): the
 * gateway sends JSON-RPC messages, and the server's messages arrive on a reader of the channel's own.
 */
interface MessageChannel {
    /** Sends one message. */
    void send(byte[] message) throws IOException;

    /** Whether the channel can still carry messages. */
    boolean alive();

    /** Closes it (stops the process, ends the stream). */
    void close();

    /** Opens channels to one server. */
    @FunctionalInterface
    interface Opener {
        /**
         * Opens a channel.
         *
         * @param onMessage receives each message the server sends, as text
         * @param onEnd     called once when the server's side ends
         */
        MessageChannel open(Consumer<String> onMessage, Runnable onEnd) throws IOException;
    }
}
