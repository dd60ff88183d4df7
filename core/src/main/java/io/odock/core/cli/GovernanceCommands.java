package io.odock.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** {@code odock scopes show|set|clear KIND ID} and {@code odock usage}. */
final class GovernanceCommands {
    private final AdminClient client;
    private final PrintStream out;

    GovernanceCommands(AdminClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    int scopes(CliArguments arguments) {
        String verb = arguments.word(1);
        String kind = arguments.word(2);
        String id = arguments.word(3);
        if (kind.isEmpty() || id.isEmpty()) {
            throw new CliArguments.UsageException("scopes " + (verb.isEmpty() ? "show|set|clear" : verb)
                    + " needs KIND ID (KIND: organization, team, user, api_key)");
        }
        String path = "admin/v1/scopes/" + encode(kind) + "/" + encode(id);
        JsonNode scope = switch (verb) {
            case "show" -> {
                arguments.allowOnly(Set.of("json"));
                yield client.get(path);
            }
            case "set" -> {
                Set<String> allowed = new HashSet<>(GovernanceFlags.LIMIT_FLAGS.keySet());
                allowed.addAll(GovernanceFlags.BUDGET_FLAGS);
                allowed.addAll(Set.of("shadow", "json"));
                arguments.allowOnly(allowed);
                JsonNode current = client.get(path);
                ObjectNode request = JsonNodeFactory.instance.objectNode();
                if (GovernanceFlags.touchesLimits(arguments)) {
                    request.set("limits", GovernanceFlags.limits(current.get("limits"), arguments));
                }
                if (GovernanceFlags.touchesBudget(arguments)) {
                    request.set("budget", GovernanceFlags.budget(current.get("budget"), arguments));
                }
                if (request.isEmpty()) {
                    throw new CliArguments.UsageException("scopes set needs a limit (--rpm, --tpm, ...) or a budget "
                            + "(--budget AMOUNT)");
                }
                yield client.put(path, request);
            }
            case "clear" -> {
                arguments.allowOnly(Set.of("json"));
                yield client.delete(path);
            }
            default -> throw new CliArguments.UsageException("scopes needs show, set or clear");
        };
        if (arguments.has("json")) {
            out.println(scope);
            return 0;
        }
        out.println(scope.path("scope").asText() + " " + scope.path("id").asText());
        out.println("  limits: " + (scope.path("limits").isNull() ? "none" : scope.path("limits").toString()));
        JsonNode budget = scope.path("budget");
        out.println("  budget: " + (budget.isObject() ? budget.path("amount").asText() + " "
                + budget.path("currency").asText() + " " + budget.path("period").asText() + ", spent "
                + budget.path("spent").asText() + ", reserved " + budget.path("reserved").asText() + ", remaining "
                + budget.path("remaining").asText() : "none"));
        return 0;
    }

    int usage(CliArguments arguments) {
        arguments.allowOnly(Set.of("key", "org", "team", "user", "model", "from", "to", "by", "json"));
        StringBuilder query = new StringBuilder("admin/v1/usage?");
        Map<String, String> params = Map.of("key", "key", "org", "organization", "team", "team", "user", "user",
                "model", "model", "from", "from", "to", "to", "by", "group_by");
        params.forEach((flag, param) -> arguments.option(flag).ifPresent(value ->
                query.append(param).append('=').append(encode(value)).append('&')));
        JsonNode report = client.get(query.toString());
        if (arguments.has("json")) {
            out.println(report);
            return 0;
        }
        String[] dimensions = arguments.option("by").map(by -> by.split(",")).orElse(new String[0]);
        String[] headers = new String[dimensions.length + 5];
        for (int i = 0; i < dimensions.length; i++) {
            headers[i] = dimensions[i].strip().toUpperCase(java.util.Locale.ROOT);
        }
        headers[dimensions.length] = "REQUESTS";
        headers[dimensions.length + 1] = "ERRORS";
        headers[dimensions.length + 2] = "INPUT TOKENS";
        headers[dimensions.length + 3] = "OUTPUT TOKENS";
        headers[dimensions.length + 4] = "SPEND (" + report.path("currency").asText() + ")";
        Table table = new Table(headers);
        for (JsonNode row : report.path("data")) {
            String[] cells = new String[headers.length];
            for (int i = 0; i < dimensions.length; i++) {
                JsonNode value = row.path(dimensions[i].strip().toLowerCase(java.util.Locale.ROOT));
                cells[i] = value.isNull() || value.isMissingNode() ? "-" : value.asText();
            }
            cells[dimensions.length] = row.path("requests").asText();
            cells[dimensions.length + 1] = row.path("errors").asText();
            cells[dimensions.length + 2] = row.path("input_tokens").asText();
            cells[dimensions.length + 3] = row.path("output_tokens").asText();
            cells[dimensions.length + 4] = row.path("spend").asText();
            table.row(cells);
        }
        out.println("Usage from " + report.path("from").asText() + " to " + report.path("to").asText() + " (UTC)");
        out.print(table.render());
        return 0;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
