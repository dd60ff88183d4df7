package io.odock.core.config;

import io.odock.spi.Secret;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code mcp.servers}: an MCP server clients reach at {@code /v1/mcp/{id}}.
 *
 * @param id             its slug in the route and in key grants
 * @param transport      how the gateway reaches it
 * @param url            the server's endpoint ({@code http}: the Streamable HTTP endpoint; {@code sse}: the SSE
 *                       endpoint of the older HTTP+SSE transport)
 * @param command        {@code stdio}: the command and its arguments
 * @param env            {@code stdio}: environment added for the command
 * @param auth           the operator's credential for the server
 * @param toolsAllow     tools keys may call (names, {@code prefix*}, {@code *}); empty for all
 * @param toolsDeny      tools nobody may call, checked first
 * @param guardKeywords  words that refuse a {@code tools/call} whose arguments contain them (case-insensitive)
 * @param perCall        price of one {@code tools/call}
 * @param perInputByte   price of each byte sent to the server
 * @param perOutputByte  price of each byte it answers
 * @param timeout        how long one request may take
 * @param maxOutputBytes the answer size reserved against budgets before a call
 */
public record McpServerConfig(String id, Transport transport, Optional<String> url, List<String> command,
                              Map<String, String> env, Auth auth, List<String> toolsAllow, List<String> toolsDeny,
                              List<String> guardKeywords, Optional<BigDecimal> perCall,
                              Optional<BigDecimal> perInputByte, Optional<BigDecimal> perOutputByte,
                              Duration timeout, long maxOutputBytes) {

    /** How the gateway reaches the server. */
    public enum Transport {
        /** MCP Streamable HTTP. */
        HTTP,
        /** The older HTTP+SSE transport: an SSE stream for answers, POSTs to the endpoint it announces. */
        SSE,
        /** A local process speaking JSON-RPC lines on its standard input and output. */
        STDIO
    }

    /**
     * The operator's credential for the server.
     *
     * @param type     none, bearer or basic
     * @param user     basic: the user name
     * @param secret   bearer: the token; basic: the password
     */
    public record Auth(String type, Optional<String> user, Secret secret) {
        /** No credential. */
        public static final Auth NONE = new Auth("none", Optional.empty(), Secret.none());

        /** The {@code Authorization} header value, if any. */
        public Optional<String> header() {
            return switch (type) {
                case "bearer" -> Optional.of("Bearer " + secret.reveal());
                case "basic" -> Optional.of("Basic " + java.util.Base64.getEncoder().encodeToString(
                        (user.orElse("") + ":" + secret.reveal()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                default -> Optional.empty();
            };
        }
    }

    /** Validates the components. */
    public McpServerConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(transport, "transport");
        command = List.copyOf(command);
        env = Map.copyOf(env);
        toolsAllow = List.copyOf(toolsAllow);
        toolsDeny = List.copyOf(toolsDeny);
        guardKeywords = guardKeywords.stream().map(k -> k.toLowerCase(java.util.Locale.ROOT)).toList();
    }
}
