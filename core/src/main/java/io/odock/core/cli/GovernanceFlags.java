package io.odock.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The command-line flags for limits and budgets, turned into the admin API's JSON. Flags change only what they
 * name: they are merged into the scope's current limits and budget, which the caller reads first.
 */
final class GovernanceFlags {
    /** Flag to limit name, in the order the help lists them. */
    static final Map<String, String> LIMIT_FLAGS = limitFlags();
    /** Budget flags. */
    static final Set<String> BUDGET_FLAGS = Set.of("budget", "budget-period", "budget-timezone", "budget-warn",
            "shadow-budget");

    private GovernanceFlags() {
    }

    private static Map<String, String> limitFlags() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("rpm", "requests_per_minute");
        flags.put("tpm", "tokens_per_minute");
        flags.put("rpd", "requests_per_day");
        flags.put("tpd", "tokens_per_day");
        flags.put("rpmonth", "requests_per_month");
        flags.put("tpmonth", "tokens_per_month");
        return flags;
    }

    /** Whether any limit flag (or {@code --shadow}) was given. */
    static boolean touchesLimits(CliArguments arguments) {
        return LIMIT_FLAGS.keySet().stream().anyMatch(flag -> arguments.option(flag).isPresent())
                || arguments.option("shadow").isPresent();
    }

    /** Whether any budget flag was given. */
    static boolean touchesBudget(CliArguments arguments) {
        return arguments.option("budget").isPresent() || arguments.option("budget-period").isPresent()
                || arguments.option("budget-timezone").isPresent() || arguments.option("budget-warn").isPresent()
                || arguments.has("shadow-budget");
    }

    /**
     * The limits after applying the flags to the current ones: {@code --rpm N} sets, {@code --rpm none} removes,
     * {@code --shadow tpm,rpd} replaces the list of shadow-mode limits ({@code none} clears it).
     */
    static ObjectNode limits(JsonNode current, CliArguments arguments) {
        ObjectNode limits = current != null && current.isObject() ? ((ObjectNode) current).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        LIMIT_FLAGS.forEach((flag, limit) -> arguments.option(flag).ifPresent(value -> {
            if (value.equalsIgnoreCase("none")) {
                limits.remove(limit);
            } else {
                limits.put(limit, positive(flag, value));
            }
        }));
        arguments.option("shadow").ifPresent(value -> {
            limits.remove("shadow");
            if (!value.equalsIgnoreCase("none")) {
                ArrayNode shadow = limits.putArray("shadow");
                for (String name : value.split(",")) {
                    String flag = name.strip();
                    shadow.add(LIMIT_FLAGS.getOrDefault(flag, flag));
                }
            }
        });
        return limits;
    }

    /**
     * The budget after applying the flags to the current one, or null when {@code --budget none} removes it.
     *
     * @throws CliArguments.UsageException when a budget is needed but has no amount
     */
    static JsonNode budget(JsonNode current, CliArguments arguments) {
        if (arguments.option("budget").filter(v -> v.equalsIgnoreCase("none")).isPresent()) {
            return JsonNodeFactory.instance.nullNode();
        }
        ObjectNode budget = JsonNodeFactory.instance.objectNode();
        if (current != null && current.isObject()) {
            for (String field : new String[]{"amount", "period", "timezone", "warn_at", "shadow"}) {
                if (current.has(field)) {
                    budget.set(field, current.get(field));
                }
            }
        }
        arguments.option("budget").ifPresent(amount -> budget.put("amount", amount));
        arguments.option("budget-period").ifPresent(period -> budget.put("period", period));
        arguments.option("budget-timezone").ifPresent(zone -> budget.put("timezone", zone));
        arguments.option("budget-warn").ifPresent(list -> {
            ArrayNode warn = budget.putArray("warn_at");
            Arrays.stream(list.split(",")).map(String::strip).filter(p -> !p.isEmpty())
                    .forEach(p -> warn.add(positive("budget-warn", p.replace("%", ""))));
        });
        if (arguments.has("shadow-budget")) {
            budget.put("shadow", true);
        }
        if (!budget.has("amount")) {
            throw new CliArguments.UsageException("--budget AMOUNT is needed to set a budget");
        }
        return budget;
    }

    private static long positive(String flag, String value) {
        try {
            long number = Long.parseLong(value.strip());
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new CliArguments.UsageException("--" + flag + " needs a positive whole number (or 'none')");
    }
}
