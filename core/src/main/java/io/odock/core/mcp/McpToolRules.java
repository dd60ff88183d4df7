package io.odock.core.mcp;

import io.odock.core.config.McpServerConfig;
import io.odock.core.keys.ApiKey;
import io.odock.core.keys.NamePatterns;

import java.util.Locale;
import java.util.Optional;

/** Which tools of a server a key may call, and the server's keyword guard on tool arguments. */
final class McpToolRules {
    private McpToolRules() {
    }

    /** Whether the key may call the tool: the server's deny and allow lists, then the key's. */
    static boolean allows(McpServerConfig server, ApiKey key, String tool) {
        for (String denied : server.toolsDeny()) {
            if (NamePatterns.matches(denied, tool)) {
                return false;
            }
        }
        return NamePatterns.allows(server.toolsAllow(), tool) && key.policy().allowsMcpTool(server.id(), tool);
    }

    /** The first guard keyword the arguments contain, if any (case-insensitive). */
    static Optional<String> guardHit(McpServerConfig server, String argumentsText) {
        String lower = argumentsText.toLowerCase(Locale.ROOT);
        return server.guardKeywords().stream().filter(lower::contains).findFirst();
    }
}
