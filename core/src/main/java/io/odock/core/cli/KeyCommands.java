package io.odock.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** {@code odock keys create|list|show|update|rotate|revoke|unrevoke}. */
final class KeyCommands {
    /** Key fields settable on create and update: flag to admin API field. */
    private static final Map<String, String> TEXT_FIELDS = Map.of("org", "organization", "team", "team",
            "user", "user", "expires", "expires_at");
    private static final Map<String, String> LIST_FIELDS = Map.of("models", "models", "mcp-servers", "mcp_servers",
            "ip-allow", "ip_allow", "ip-deny", "ip_deny", "mcp-tools-allow", "mcp_tools_allow",
            "mcp-tools-deny", "mcp_tools_deny");
    private static final Map<String, String> NUMBER_FIELDS = Map.of("max-tokens", "max_tokens",
            "max-request-bytes", "max_request_bytes", "max-concurrent", "max_concurrent_requests");

    private final AdminClient client;
    private final PrintStream out;

    KeyCommands(AdminClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    /** The options create and update accept. */
    static Set<String> settable() {
        Set<String> options = new HashSet<>(Set.of("byok", "no-byok", "json", "shadow"));
        options.addAll(TEXT_FIELDS.keySet());
        options.addAll(LIST_FIELDS.keySet());
        options.addAll(NUMBER_FIELDS.keySet());
        options.addAll(GovernanceFlags.LIMIT_FLAGS.keySet());
        options.addAll(GovernanceFlags.BUDGET_FLAGS);
        return options;
    }

    int create(CliArguments arguments) {
        Set<String> allowed = settable();
        allowed.add("name");
        arguments.allowOnly(allowed);
        String name = arguments.option("name")
                .orElseThrow(() -> new CliArguments.UsageException("keys create needs --name NAME"));
        ObjectNode request = fields(arguments, JsonNodeFactory.instance.objectNode().put("name", name));
        if (!request.has("models")) {
            request.putArray("models");
        }
        request.put("allow_byok", arguments.has("byok"));
        if (GovernanceFlags.touchesLimits(arguments)) {
            request.set("limits", GovernanceFlags.limits(null, arguments));
        }
        if (GovernanceFlags.touchesBudget(arguments)) {
            request.set("budget", GovernanceFlags.budget(null, arguments));
        }
        JsonNode created = client.post("admin/v1/keys", request);
        if (arguments.has("json")) {
            out.println(created);
        } else {
            out.println("Created API key " + created.path("id").asText() + " (" + created.path("name").asText()
                    + ", models: " + models(created) + ")");
            out.println();
            out.println("    " + created.path("key").asText());
            out.println();
            out.println("Store it now: it is shown only this once.");
        }
        return 0;
    }

    int update(CliArguments arguments) {
        Set<String> allowed = settable();
        allowed.add("name");
        arguments.allowOnly(allowed);
        String id = id(arguments, "update");
        ObjectNode request = fields(arguments, JsonNodeFactory.instance.objectNode());
        arguments.option("name").ifPresent(name -> request.put("name", name));
        if (arguments.has("byok") || arguments.has("no-byok")) {
            request.put("allow_byok", arguments.has("byok"));
        }
        if (GovernanceFlags.touchesLimits(arguments) || GovernanceFlags.touchesBudget(arguments)) {
            JsonNode current = client.get("admin/v1/keys/" + id);
            if (GovernanceFlags.touchesLimits(arguments)) {
                request.set("limits", GovernanceFlags.limits(current.get("limits"), arguments));
            }
            if (GovernanceFlags.touchesBudget(arguments)) {
                request.set("budget", GovernanceFlags.budget(current.get("budget"), arguments));
            }
        }
        if (request.isEmpty()) {
            throw new CliArguments.UsageException("keys update needs at least one thing to change");
        }
        JsonNode updated = client.patch("admin/v1/keys/" + id, request);
        if (arguments.has("json")) {
            out.println(updated);
        } else {
            out.println("Updated API key " + updated.path("id").asText() + " (" + updated.path("name").asText() + ")");
        }
        return 0;
    }

    int show(CliArguments arguments) {
        arguments.allowOnly(Set.of("json"));
        JsonNode key = client.get("admin/v1/keys/" + id(arguments, "show"));
        if (arguments.has("json")) {
            out.println(key);
            return 0;
        }
        out.println("Key        " + key.path("id").asText() + " (" + key.path("name").asText() + "), "
                + key.path("state").asText());
        out.println("Prefix     " + key.path("prefix").asText() + "…");
        out.println("Owner      org " + orDash(key, "organization") + ", team " + orDash(key, "team") + ", user "
                + orDash(key, "user"));
        out.println("Models     " + models(key));
        out.println("MCP        " + list(key.path("mcp_servers"), "all"));
        out.println("Expires    " + orDash(key, "expires_at"));
        out.println("IP allow   " + list(key.path("ip_allow"), "any") + "; deny " + list(key.path("ip_deny"), "none"));
        out.println("Ceilings   max_tokens " + orDash(key, "max_tokens") + ", max_request_bytes "
                + orDash(key, "max_request_bytes") + ", max_concurrent_requests "
                + orDash(key, "max_concurrent_requests"));
        out.println("Limits     " + (key.path("limits").isNull() ? "defaults" : key.path("limits").toString()));
        JsonNode budget = key.path("budget");
        if (budget.isObject()) {
            out.println("Budget     " + budget.path("spent").asText() + " of " + budget.path("amount").asText() + " "
                    + budget.path("currency").asText() + " spent (" + budget.path("period").asText() + ", "
                    + budget.path("remaining").asText() + " left" + (budget.path("resets_at").isNull() ? ""
                    : ", resets " + budget.path("resets_at").asText()) + ")");
        } else {
            out.println("Budget     none");
        }
        out.println("Last used  " + (key.path("last_used_at").isNull() ? "never" : key.path("last_used_at").asText()));
        return 0;
    }

    int list(CliArguments arguments) {
        arguments.allowOnly(Set.of("json"));
        JsonNode keys = client.get("admin/v1/keys").path("data");
        if (arguments.has("json")) {
            out.println(keys);
            return 0;
        }
        Table table = new Table("ID", "NAME", "PREFIX", "TEAM", "MODELS", "BYOK", "CREATED", "EXPIRES", "LAST USED",
                "STATE");
        for (JsonNode key : keys) {
            table.row(key.path("id").asText(), key.path("name").asText(), key.path("prefix").asText() + "…",
                    orDash(key, "team"), models(key), key.path("allow_byok").asBoolean() ? "yes" : "no",
                    key.path("created_at").asText(), orDash(key, "expires_at"),
                    key.path("last_used_at").isNull() ? "never" : key.path("last_used_at").asText(),
                    key.path("state").asText());
        }
        out.print(table.render());
        return 0;
    }

    int rotate(CliArguments arguments) {
        arguments.allowOnly(Set.of("json"));
        JsonNode rotated = client.post("admin/v1/keys/" + id(arguments, "rotate") + "/rotate",
                JsonNodeFactory.instance.objectNode());
        if (arguments.has("json")) {
            out.println(rotated);
            return 0;
        }
        out.println("Rotated API key " + rotated.path("id").asText() + " (" + rotated.path("name").asText()
                + "): the previous key no longer works.");
        out.println();
        out.println("    " + rotated.path("key").asText());
        out.println();
        out.println("Store it now: it is shown only this once.");
        return 0;
    }

    int revoke(CliArguments arguments, boolean revoke) {
        arguments.allowOnly(Set.of());
        String verb = revoke ? "revoke" : "unrevoke";
        JsonNode key = client.post("admin/v1/keys/" + id(arguments, verb) + "/" + verb,
                JsonNodeFactory.instance.objectNode());
        out.println((revoke ? "Revoked" : "Restored") + " API key " + key.path("id").asText() + " ("
                + key.path("name").asText() + ")");
        return 0;
    }

    private static String id(CliArguments arguments, String verb) {
        String id = arguments.word(2);
        if (id.isEmpty()) {
            throw new CliArguments.UsageException("keys " + verb + " needs the key's ID (see 'odock keys list')");
        }
        return id;
    }

    /** The key fields the flags set. */
    private static ObjectNode fields(CliArguments arguments, ObjectNode request) {
        TEXT_FIELDS.forEach((flag, field) -> arguments.option(flag).ifPresent(value -> {
            if (value.equalsIgnoreCase("none")) {
                request.putNull(field);
            } else {
                request.put(field, value);
            }
        }));
        LIST_FIELDS.forEach((flag, field) -> arguments.option(flag).ifPresent(value -> {
            ArrayNode list = request.putArray(field);
            if (!value.equalsIgnoreCase("all") && !value.equalsIgnoreCase("none")) {
                Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty()).forEach(list::add);
            }
        }));
        NUMBER_FIELDS.forEach((flag, field) -> arguments.option(flag).ifPresent(value -> {
            if (value.equalsIgnoreCase("none")) {
                request.putNull(field);
                return;
            }
            try {
                request.put(field, Long.parseLong(value.strip()));
            } catch (NumberFormatException e) {
                throw new CliArguments.UsageException("--" + flag + " needs a whole number (or 'none')");
            }
        }));
        return request;
    }

    static String models(JsonNode key) {
        return list(key.path("models"), "all");
    }

    private static String list(JsonNode values, String empty) {
        StringBuilder text = new StringBuilder();
        for (JsonNode value : values) {
            text.append(text.isEmpty() ? "" : ",").append(value.asText());
        }
        return text.isEmpty() ? empty : text.toString();
    }

    private static String orDash(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? "-" : value.asText();
    }
}
