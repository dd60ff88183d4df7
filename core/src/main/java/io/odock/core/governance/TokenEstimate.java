package io.odock.core.governance;

/**
 * Input tokens estimated from a request's size, before any provider has counted them. A token is rarely shorter than
 * three bytes of JSON (English text averages four characters per token, and the JSON around it adds more), so
 * dividing by three errs on the high side: limits and budgets reserve a little too much, then give it back.
 */
public final class TokenEstimate {
    private static final int BYTES_PER_TOKEN = 3;

    private TokenEstimate() {
    }

    /** The estimated input tokens of a request body of this many bytes (0 for an unknown size). */
    public static long inputTokens(long requestBytes) {
        return requestBytes <= 0 ? 0 : (requestBytes + BYTES_PER_TOKEN - 1) / BYTES_PER_TOKEN;
    }
}
