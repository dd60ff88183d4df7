package io.odock.core.keys;

import io.odock.core.net.Cidr;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-key rules checked on every request before anything is spent.
 *
 * @param ipAllow               when not empty, only callers inside one of these networks may use the key
 * @param ipDeny                callers inside one of these networks may not use the key (checked first)
 * @param maxTokens             the largest {@code max_tokens} (or its dialect's equivalent) a request may ask for
 * @param maxRequestBytes       the largest request body the key may send
 * @param maxConcurrentRequests how many of the key's requests may be in flight at once, per gateway instance
 * @param mcpToolsAllow         MCP tools the key may call, as {@code server/tool} patterns ({@code github/search_*});
 *                              empty for every tool its servers allow
 * @param mcpToolsDeny          MCP tools the key may not call, checked first
 */
public record KeyPolicy(List<Cidr> ipAllow, List<Cidr> ipDeny, Optional<Integer> maxTokens,
                        Optional<Long> maxRequestBytes, Optional<Integer> maxConcurrentRequests,
                        List<String> mcpToolsAllow, List<String> mcpToolsDeny) {
    private static final KeyPolicy NONE = new KeyPolicy(List.of(), List.of(), Optional.empty(), Optional.empty(),
            Optional.empty(), List.of(), List.of());

    /** A policy without MCP tool rules. */
    public KeyPolicy(List<Cidr> ipAllow, List<Cidr> ipDeny, Optional<Integer> maxTokens,
                     Optional<Long> maxRequestBytes, Optional<Integer> maxConcurrentRequests) {
        this(ipAllow, ipDeny, maxTokens, maxRequestBytes, maxConcurrentRequests, List.of(), List.of());
    }

    /** Validates the components. */
    public KeyPolicy {
        ipAllow = List.copyOf(ipAllow);
        ipDeny = List.copyOf(ipDeny);
        mcpToolsAllow = List.copyOf(mcpToolsAllow);
        mcpToolsDeny = List.copyOf(mcpToolsDeny);
        Objects.requireNonNull(maxTokens, "maxTokens");
        Objects.requireNonNull(maxRequestBytes, "maxRequestBytes");
        Objects.requireNonNull(maxConcurrentRequests, "maxConcurrentRequests");
        if (maxTokens.filter(n -> n < 1).isPresent() || maxRequestBytes.filter(n -> n < 1).isPresent()
                || maxConcurrentRequests.filter(n -> n < 1).isPresent()) {
            throw new IllegalArgumentException("max_tokens, max_request_bytes and max_concurrent_requests must be "
                    + "at least 1");
        }
    }

    /** No rules. */
    public static KeyPolicy none() {
        return NONE;
    }

    /** Whether the key may call this tool of this MCP server: not denied, and allowed when there is an allow list. */
    public boolean allowsMcpTool(String server, String tool) {
        String name = server + "/" + tool;
        for (String denied : mcpToolsDeny) {
            if (NamePatterns.matches(denied, name)) {
                return false;
            }
        }
        return NamePatterns.allows(mcpToolsAllow, name);
    }

    /** Whether a caller at this address may use the key: not denied, and allowed when there is an allow list. */
    public boolean admitsAddress(String address) {
        for (Cidr denied : ipDeny) {
            if (denied.contains(address)) {
                return false;
            }
        }
        if (ipAllow.isEmpty()) {
            return true;
        }
        for (Cidr allowed : ipAllow) {
            if (allowed.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
