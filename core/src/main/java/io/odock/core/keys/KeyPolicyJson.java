package io.odock.core.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.core.net.Cidr;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link KeyPolicy} as JSON fields ({@code ip_allow}, {@code ip_deny}, {@code max_tokens},
 * {@code max_request_bytes}, {@code max_concurrent_requests}): the same names in the admin API and in the
 * {@code api_keys.policy} column, so there is one spelling of each.
 */
public final class KeyPolicyJson {
    /** The field names, for callers that need to know whether a request touches the policy. */
    public static final List<String> FIELDS = List.of("ip_allow", "ip_deny", "max_tokens", "max_request_bytes",
            "max_concurrent_requests", "mcp_tools_allow", "mcp_tools_deny");

    private KeyPolicyJson() {
    }

    /**
     * Reads the policy fields present in the object over a base policy: a field that is absent keeps the base's value,
     * a field that is {@code null} clears it.
     *
     * @throws IllegalArgumentException naming the field that is malformed
     */
    public static KeyPolicy read(JsonNode object, KeyPolicy base) {
        return new KeyPolicy(
                object.has("ip_allow") ? networks(object.get("ip_allow"), "ip_allow") : base.ipAllow(),
                object.has("ip_deny") ? networks(object.get("ip_deny"), "ip_deny") : base.ipDeny(),
                object.has("max_tokens") ? positive(object.get("max_tokens"), "max_tokens").map(Math::toIntExact)
                        : base.maxTokens(),
                object.has("max_request_bytes") ? positive(object.get("max_request_bytes"), "max_request_bytes")
                        : base.maxRequestBytes(),
                object.has("max_concurrent_requests")
                        ? positive(object.get("max_concurrent_requests"), "max_concurrent_requests")
                        .map(Math::toIntExact) : base.maxConcurrentRequests(),
                object.has("mcp_tools_allow") ? toolPatterns(object.get("mcp_tools_allow"), "mcp_tools_allow")
                        : base.mcpToolsAllow(),
                object.has("mcp_tools_deny") ? toolPatterns(object.get("mcp_tools_deny"), "mcp_tools_deny")
                        : base.mcpToolsDeny());
    }

    /** Writes every field ({@code null} for unset ceilings, empty lists for no IP rules). */
    public static void write(KeyPolicy policy, ObjectNode object) {
        ArrayNode allow = object.putArray("ip_allow");
        policy.ipAllow().forEach(network -> allow.add(network.text()));
        ArrayNode deny = object.putArray("ip_deny");
        policy.ipDeny().forEach(network -> deny.add(network.text()));
        putOptional(object, "max_tokens", policy.maxTokens().map(Integer::longValue));
        putOptional(object, "max_request_bytes", policy.maxRequestBytes());
        putOptional(object, "max_concurrent_requests", policy.maxConcurrentRequests().map(Integer::longValue));
        ArrayNode toolsAllow = object.putArray("mcp_tools_allow");
        policy.mcpToolsAllow().forEach(toolsAllow::add);
        ArrayNode toolsDeny = object.putArray("mcp_tools_deny");
        policy.mcpToolsDeny().forEach(toolsDeny::add);
    }

    private static List<String> toolPatterns(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("'" + field + "' must be an array of 'server/tool' patterns");
        }
        List<String> patterns = new ArrayList<>();
        for (JsonNode entry : node) {
            if (!entry.isTextual() || !entry.asText().contains("/")) {
                throw new IllegalArgumentException("'" + field + "' must be an array of 'server/tool' patterns "
                        + "(such as github/search_* or */delete_*)");
            }
            patterns.add(entry.asText().strip());
        }
        return patterns;
    }

    private static void putOptional(ObjectNode object, String field, Optional<Long> value) {
        if (value.isPresent()) {
            object.put(field, value.get());
        } else {
            object.putNull(field);
        }
    }

    private static List<Cidr> networks(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("'" + field + "' must be an array of IP addresses or CIDR networks");
        }
        List<Cidr> networks = new ArrayList<>();
        for (JsonNode entry : node) {
            if (!entry.isTextual()) {
                throw new IllegalArgumentException("'" + field + "' must be an array of IP addresses or CIDR networks");
            }
            try {
                networks.add(Cidr.parse(entry.asText()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + field + "': " + e.getMessage());
            }
        }
        return networks;
    }

    private static Optional<Long> positive(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() < 1
                || (!field.equals("max_request_bytes") && node.asLong() > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException("'" + field + "' must be a positive whole number or null");
        }
        return Optional.of(node.asLong());
    }
}
