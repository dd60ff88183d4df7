package io.odock.core.usage;

import java.util.Objects;
import java.util.Optional;

/**
 * What a usage record says about an MCP call.
 *
 * @param method    the JSON-RPC method ({@code tools/call}, {@code tools/list}, ...)
 * @param tool      the tool, for {@code tools/call}
 * @param transport how the gateway reached the server ({@code http}, {@code sse}, {@code stdio})
 * @param bytesIn   bytes sent to the server
 * @param bytesOut  bytes it answered
 */
public record McpUsage(String method, Optional<String> tool, String transport, long bytesIn, long bytesOut) {
    /** Validates the components. */
    public McpUsage {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(transport, "transport");
    }
}
