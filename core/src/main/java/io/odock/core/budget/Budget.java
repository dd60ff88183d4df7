package io.odock.core.budget;

import io.odock.core.keys.Scope;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * A spending limit on one level of the principal chain.
 *
 * @param scope         the organisation, team, user or key it limits
 * @param amountNanos   the most that may be spent per period, in nano-units of {@code currency}
 * @param currency      the gateway's currency code, e.g. {@code USD}, as a label (amounts are not converted)
 * @param period        how often spending starts again from zero
 * @param timezone      the zone whose midnights start periods
 * @param warnAtPercent thresholds, in percent of the amount, at which callers are warned; sorted, distinct, 1..100
 * @param shadow        whether the budget only reports what it would refuse (for trying a budget out)
 */
public record Budget(Scope scope, long amountNanos, String currency, BudgetPeriod period, ZoneId timezone,
                     List<Integer> warnAtPercent, boolean shadow) {

    /** Validates the components. */
    public Budget {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(warnAtPercent, "warnAtPercent");
        if (amountNanos < 0) {
            throw new IllegalArgumentException("a budget's amount cannot be negative");
        }
        if (currency.isBlank() || currency.length() > 8) {
            throw new IllegalArgumentException("a budget needs a currency code of 1 to 8 characters");
        }
        warnAtPercent = List.copyOf(warnAtPercent);
        int previous = 0;
        for (int percent : warnAtPercent) {
            if (percent < 1 || percent > 100) {
                throw new IllegalArgumentException("warning thresholds are percents from 1 to 100, not " + percent);
            }
            if (percent <= previous) {
                throw new IllegalArgumentException("warning thresholds must be sorted and distinct: " + warnAtPercent);
            }
            previous = percent;
        }
    }
}
