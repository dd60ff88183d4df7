package io.odock.core.config;

import io.odock.spi.model.Usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A model's price in the gateway's currency, per million tokens and, for media models, per image and per second of
 * audio; used to cost usage records and to reserve budget. Prompt-cache reads and writes have their own prices when
 * the provider charges them differently (Anthropic: reads at a tenth of the input price, writes at 1.25 times);
 * without them, cached tokens cost what other input tokens cost.
 *
 * <p>Costs are exact: computed in {@link BigDecimal} and rounded up to whole nano-units once, at the end, so a call
 * never costs less than its price and sums of costs never drift.
 *
 * @param inputPerMTok      price of a million input tokens
 * @param outputPerMTok     price of a million output tokens
 * @param cacheReadPerMTok  price of a million input tokens read from the prompt cache
 * @param cacheWritePerMTok price of a million input tokens written to the prompt cache
 * @param perImage          price of one generated image
 * @param perAudioSecond    price of one second of audio processed
 */
public record Pricing(BigDecimal inputPerMTok, BigDecimal outputPerMTok, Optional<BigDecimal> cacheReadPerMTok,
                      Optional<BigDecimal> cacheWritePerMTok, Optional<BigDecimal> perImage,
                      Optional<BigDecimal> perAudioSecond) {
    private static final int NANO_SCALE = 9;

    /** Validates the components. */
    public Pricing {
        Objects.requireNonNull(inputPerMTok, "inputPerMTok");
        Objects.requireNonNull(outputPerMTok, "outputPerMTok");
        Objects.requireNonNull(cacheReadPerMTok, "cacheReadPerMTok");
        Objects.requireNonNull(cacheWritePerMTok, "cacheWritePerMTok");
        Objects.requireNonNull(perImage, "perImage");
        Objects.requireNonNull(perAudioSecond, "perAudioSecond");
    }

    /** A token price with optional cache prices, without media prices. */
    public Pricing(BigDecimal inputPerMTok, BigDecimal outputPerMTok, Optional<BigDecimal> cacheReadPerMTok,
                   Optional<BigDecimal> cacheWritePerMTok) {
        this(inputPerMTok, outputPerMTok, cacheReadPerMTok, cacheWritePerMTok, Optional.empty(), Optional.empty());
    }

    /** A price without separate cache prices. */
    public Pricing(BigDecimal inputPerMTok, BigDecimal outputPerMTok) {
        this(inputPerMTok, outputPerMTok, Optional.empty(), Optional.empty());
    }

    /** The cost of a call, in currency units: exactly {@link #costNanos} nano-units. */
    public BigDecimal cost(Usage usage) {
        return BigDecimal.valueOf(costNanos(usage), NANO_SCALE);
    }

    /**
     * The cost of a call in nano-units of currency, rounded up once to a whole nano-unit.
     *
     * @throws ArithmeticException if the cost does not fit in a {@code long} (over about 9.2 billion units)
     */
    public long costNanos(Usage usage) {
        BigDecimal tokens = inputPerMTok.multiply(BigDecimal.valueOf(usage.uncachedInputTokens()))
                .add(cacheReadPerMTok.orElse(inputPerMTok).multiply(BigDecimal.valueOf(usage.cacheReadTokens())))
                .add(cacheWritePerMTok.orElse(inputPerMTok).multiply(BigDecimal.valueOf(usage.cacheWriteTokens())))
                .add(outputPerMTok.multiply(BigDecimal.valueOf(usage.outputTokens())));
        // Dividing by 10^6 only moves the decimal point, so the sum stays exact until the single rounding below.
        BigDecimal cost = tokens.movePointLeft(6)
                .add(perImage.orElse(BigDecimal.ZERO).multiply(BigDecimal.valueOf(usage.images())))
                .add(perAudioSecond.orElse(BigDecimal.ZERO).multiply(BigDecimal.valueOf(usage.audioSeconds())));
        return toNanosRoundedUp(cost);
    }

    /**
     * The most a call with these token counts can cost: every input token priced as uncached at the higher of the
     * input and cache-write prices (a cache read is never dearer than that in practice, and the higher price covers
     * it if it were). Used to reserve budget before the call.
     *
     * @param inputTokens  input tokens, as estimated or counted
     * @param outputTokens the most output tokens the call may produce
     */
    public long maxCostNanos(long inputTokens, long outputTokens) {
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
        BigDecimal inputPrice = inputPerMTok.max(cacheWritePerMTok.orElse(inputPerMTok))
                .max(cacheReadPerMTok.orElse(inputPerMTok));
        BigDecimal cost = inputPrice.multiply(BigDecimal.valueOf(inputTokens))
                .add(outputPerMTok.multiply(BigDecimal.valueOf(outputTokens)))
                .movePointLeft(6);
        return toNanosRoundedUp(cost);
    }

    /**
     * The prices as plain decimal strings, keyed {@code input_per_mtok}, {@code output_per_mtok},
     * {@code cache_read_per_mtok}, {@code cache_write_per_mtok}, {@code per_image}, {@code per_audio_second}; only
     * those set. Usage records keep this as the pricing a cost was computed with.
     */
    public Map<String, String> describe() {
        Map<String, String> prices = new LinkedHashMap<>();
        prices.put("input_per_mtok", inputPerMTok.toPlainString());
        prices.put("output_per_mtok", outputPerMTok.toPlainString());
        cacheReadPerMTok.ifPresent(p -> prices.put("cache_read_per_mtok", p.toPlainString()));
        cacheWritePerMTok.ifPresent(p -> prices.put("cache_write_per_mtok", p.toPlainString()));
        perImage.ifPresent(p -> prices.put("per_image", p.toPlainString()));
        perAudioSecond.ifPresent(p -> prices.put("per_audio_second", p.toPlainString()));
        return Collections.unmodifiableMap(prices);
    }

    private static long toNanosRoundedUp(BigDecimal units) {
        return units.setScale(NANO_SCALE, RoundingMode.CEILING).unscaledValue().longValueExact();
    }
}
