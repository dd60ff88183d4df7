package io.odock.core.config;

import java.util.Objects;

/**
 * {@code budgets:} and {@code usage:}: the currency prices and budgets are in, how budgets reserve, and how many usage
 * records may wait for the database.
 *
 * @param currency               ISO code of the currency of every price and budget ({@code USD} by default)
 * @param defaultMaxOutputTokens the output reserved for a request that sets no {@code max_tokens}, when its model has
 *                               no {@code maxOutputTokens}
 * @param usageBufferCapacity    usage records held while the database is away; when full, requests get 503
 */
public record BudgetsConfig(String currency, int defaultMaxOutputTokens, int usageBufferCapacity) {
    /** USD, 4096 tokens, 100,000 records. */
    public static final BudgetsConfig DEFAULT = new BudgetsConfig("USD", 4096, 100_000);

    /** Validates the components. */
    public BudgetsConfig {
        Objects.requireNonNull(currency, "currency");
        if (defaultMaxOutputTokens < 1 || usageBufferCapacity < 1) {
            throw new IllegalArgumentException("defaultMaxOutputTokens and usage.bufferCapacity must be at least 1");
        }
    }
}
