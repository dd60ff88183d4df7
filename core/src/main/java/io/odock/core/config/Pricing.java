package io.odock.core.config;

import io.odock.spi.model.Usage;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Optional;

/**
 * A model's price in US dollars per million tokens, used to cost usage records. Prompt-cache reads and writes have
 * their own prices when the provider charges them differently (Anthropic: reads at a tenth of the input price, writes
 * at 1.25 times); without them, cached tokens cost what other input tokens cost.
 *
 * @param inputPerMTok      price of a million input tokens
 * @param outputPerMTok     price of a million output tokens
 * @param cacheReadPerMTok  price of a million input tokens read from the prompt cache
 * @param cacheWritePerMTok price of a million input tokens written to the prompt cache
 */
public record Pricing(BigDecimal inputPerMTok, BigDecimal outputPerMTok, Optional<BigDecimal> cacheReadPerMTok,
                      Optional<BigDecimal> cacheWritePerMTok) {
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    /** A price without separate cache prices. */
    public Pricing(BigDecimal inputPerMTok, BigDecimal outputPerMTok) {
        this(inputPerMTok, outputPerMTok, Optional.empty(), Optional.empty());
    }

    /** The cost of a call. */
    public BigDecimal cost(Usage usage) {
        return inputPerMTok.multiply(BigDecimal.valueOf(usage.uncachedInputTokens()))
                .add(cacheReadPerMTok.orElse(inputPerMTok).multiply(BigDecimal.valueOf(usage.cacheReadTokens())))
                .add(cacheWritePerMTok.orElse(inputPerMTok).multiply(BigDecimal.valueOf(usage.cacheWriteTokens())))
                .add(outputPerMTok.multiply(BigDecimal.valueOf(usage.outputTokens())))
                .divide(MILLION, MathContext.DECIMAL64);
    }
}
