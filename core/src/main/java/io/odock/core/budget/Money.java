package io.odock.core.budget;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Money as the gateway keeps it: an exact {@code long} count of nano-units (10<sup>-9</sup>) of the gateway's
 * currency. Integers, never floating point, so that sums across millions of calls stay exact; a {@code long} holds up
 * to about 9.2 billion units, far beyond any budget.
 */
public final class Money {
    /** Nano-units in one unit of currency. */
    public static final long NANOS_PER_UNIT = 1_000_000_000L;
    private static final int SCALE = 9;

    private Money() {
    }

    /**
     * Parses a plain, non-negative decimal amount exactly.
     *
     * @param decimal e.g. {@code "12.5"}
     * @return the amount in nano-units, e.g. {@code 12_500_000_000}
     * @throws IllegalArgumentException for a missing, negative, non-numeric or too precise (over 9 decimals) amount,
     *                                  or one too large for a {@code long} count of nano-units
     */
    public static long parse(String decimal) {
        if (decimal == null || decimal.isBlank()) {
            throw new IllegalArgumentException("an amount of money is required");
        }
        String text = decimal.strip();
        // Plain decimals only: BigDecimal would also take exponents ("1e3") and a leading '+'.
        if (!text.matches("-?[0-9]+(\\.[0-9]+)?")) {
            throw new IllegalArgumentException("'" + text + "' is not an amount of money (expected e.g. 12.50)");
        }
        BigDecimal value = new BigDecimal(text);
        if (value.signum() < 0) {
            throw new IllegalArgumentException("an amount of money cannot be negative: " + text);
        }
        if (value.stripTrailingZeros().scale() > SCALE) {
            throw new IllegalArgumentException("an amount of money has at most 9 decimals: " + text);
        }
        BigInteger nanos = value.movePointRight(SCALE).toBigIntegerExact();
        if (nanos.bitLength() > 63) {
            throw new IllegalArgumentException("the amount " + text + " is too large (at most "
                    + format(Long.MAX_VALUE) + ")");
        }
        return nanos.longValueExact();
    }

    /**
     * Formats an amount as a plain decimal with at least two decimals and no trailing zeros beyond them.
     *
     * @param nanos an amount in nano-units
     * @return e.g. {@code "12.50"} for {@code 12_500_000_000}, {@code "0.000000001"} for {@code 1}
     */
    public static String format(long nanos) {
        BigDecimal value = toDecimal(nanos).stripTrailingZeros();
        if (value.scale() < 2) {
            value = value.setScale(2);
        }
        return value.toPlainString();
    }

    /** The amount as a decimal number of currency units, exactly. */
    public static BigDecimal toDecimal(long nanos) {
        return BigDecimal.valueOf(nanos, SCALE);
    }
}
