package io.odock.core.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.core.budget.Budget;
import io.odock.core.budget.BudgetLedger;
import io.odock.core.budget.BudgetStatus;
import io.odock.core.budget.BudgetPeriod;
import io.odock.core.budget.Money;
import io.odock.core.governance.LimitSet;
import io.odock.core.keys.Scope;
import io.odock.spi.GatewayException;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Limits and budgets as the admin API reads and writes them. Money is a decimal string ({@code "100.00"}) in the
 * gateway's currency, never a JSON float, so no amount is ever rounded on its way in or out.
 */
final class GovernanceJson {
    private GovernanceJson() {
    }

    /**
     * Reads {@code {"requests_per_minute": 60, ...}}.
     *
     * @throws GatewayException 400 naming the field
     */
    static LimitSet limits(JsonNode node, String field) {
        try {
            return LimitSet.fromJson(node);
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalidRequest("'" + field + "': " + e.getMessage()).withDetail("param", field);
        }
    }

    /**
     * Reads {@code {"amount": "100.00", "period": "monthly", "timezone": "UTC", "warn_at": [50, 80],
     * "shadow": false}} for a scope. {@code currency} may be given and must then be the gateway's.
     *
     * @throws GatewayException 400 naming the field
     */
    static Budget budget(Scope scope, JsonNode node, String currency) {
        if (node == null || !node.isObject()) {
            throw GatewayException.invalidRequest("'budget' must be an object with at least 'amount'")
                    .withDetail("param", "budget");
        }
        JsonNode amount = node.get("amount");
        if (amount == null || !(amount.isTextual() || amount.isNumber())) {
            throw invalid("budget.amount", "is required: a decimal amount such as \"100.00\"");
        }
        long nanos;
        try {
            // A JSON number is read from its literal text, so 0.1 stays exactly 0.1.
            nanos = Money.parse(amount.isTextual() ? amount.asText() : amount.decimalValue().toPlainString());
        } catch (IllegalArgumentException e) {
            throw invalid("budget.amount", e.getMessage());
        }
        JsonNode given = node.get("currency");
        if (given != null && !given.isNull() && !given.asText().equals(currency)) {
            throw invalid("budget.currency", "budgets are in the gateway's currency, " + currency);
        }
        String periodName = node.path("period").asText("total");
        BudgetPeriod period = BudgetPeriod.fromWireName(periodName).orElseThrow(() -> invalid("budget.period",
                "'" + periodName + "' is not a period (total, daily, weekly, monthly)"));
        ZoneId zone;
        try {
            zone = ZoneId.of(node.path("timezone").asText("UTC"));
        } catch (DateTimeException e) {
            throw invalid("budget.timezone", "is not a time zone (such as UTC or Europe/Paris)");
        }
        List<Integer> warnAt = new ArrayList<>();
        JsonNode thresholds = node.get("warn_at");
        if (thresholds != null && !thresholds.isNull()) {
            if (!thresholds.isArray()) {
                throw invalid("budget.warn_at", "must be a list of percentages (1 to 100)");
            }
            for (JsonNode percent : thresholds) {
                if (!percent.isIntegralNumber() || percent.asInt() < 1 || percent.asInt() > 100) {
                    throw invalid("budget.warn_at", "must be a list of percentages (1 to 100)");
                }
                if (!warnAt.contains(percent.asInt())) {
                    warnAt.add(percent.asInt());
                }
            }
            warnAt.sort(null);
        }
        JsonNode shadow = node.get("shadow");
        if (shadow != null && !shadow.isNull() && !shadow.isBoolean()) {
            throw invalid("budget.shadow", "must be true or false");
        }
        try {
            return new Budget(scope, nanos, currency, period, zone, warnAt, shadow != null && shadow.asBoolean());
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalidRequest("'budget': " + e.getMessage()).withDetail("param", "budget");
        }
    }

    /** A budget with its current period's figures. */
    static ObjectNode describe(Budget budget, BudgetStatus status) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("amount", Money.format(budget.amountNanos()));
        node.put("currency", budget.currency());
        node.put("period", budget.period().wireName());
        node.put("timezone", budget.timezone().getId());
        ArrayNode warn = node.putArray("warn_at");
        budget.warnAtPercent().forEach(warn::add);
        node.put("shadow", budget.shadow());
        node.put("period_start", status.periodStart().toString());
        node.put("resets_at", status.periodEnd().map(Object::toString).orElse(null));
        node.put("spent", Money.format(status.spentNanos()));
        node.put("reserved", Money.format(status.reservedNanos()));
        node.put("remaining", Money.format(status.remainingNanos()));
        return node;
    }

    private static GatewayException invalid(String field, String problem) {
        return GatewayException.invalidRequest("'" + field + "' " + problem).withDetail("param", field);
    }
}
