package io.odock.core.config;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * A model's price in US dollars per million tokens, used to cost usage records.
 *
 * @param inputPerMTok  price of a million input tokens
 * @param outputPerMTok price of a million output tokens
 */
public record Pricing(BigDecimal inputPerMTok, BigDecimal outputPerMTok) {
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    /** The cost of a call. */
    public BigDecimal cost(long inputTokens, long outputTokens) {
        return inputPerMTok.multiply(BigDecimal.valueOf(inputTokens))
                .add(outputPerMTok.multiply(BigDecimal.valueOf(outputTokens)))
                .divide(MILLION, MathContext.DECIMAL64);
    }
}
