package io.odock.core.limits;

import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * What a limit counts (requests or tokens) and over which window. Minute kinds are rate limits that refill
 * continuously; day and month kinds are quotas over calendar windows that do not refill until the window ends.
 */
public enum LimitKind {
    REQUESTS_PER_MINUTE("requests_per_minute", false, ChronoUnit.MINUTES),
    TOKENS_PER_MINUTE("tokens_per_minute", true, ChronoUnit.MINUTES),
    REQUESTS_PER_DAY("requests_per_day", false, ChronoUnit.DAYS),
    TOKENS_PER_DAY("tokens_per_day", true, ChronoUnit.DAYS),
    REQUESTS_PER_MONTH("requests_per_month", false, ChronoUnit.MONTHS),
    TOKENS_PER_MONTH("tokens_per_month", true, ChronoUnit.MONTHS);

    private final String wireName;
    private final boolean countsTokens;
    private final ChronoUnit window;

    LimitKind(String wireName, boolean countsTokens, ChronoUnit window) {
        this.wireName = wireName;
        this.countsTokens = countsTokens;
        this.window = window;
    }

    /** The name in the admin API, the CLI and 429 bodies. */
    public String wireName() {
        return wireName;
    }

    /** True when the limit counts tokens, false when it counts requests. */
    public boolean countsTokens() {
        return countsTokens;
    }

    /** True for day and month kinds, which are calendar quotas rather than rolling rate limits. */
    public boolean isQuota() {
        return window != ChronoUnit.MINUTES;
    }

    /** The kind with this wire name, ignoring case and surrounding blanks. */
    public static Optional<LimitKind> fromWireName(String name) {
        String lower = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (LimitKind kind : values()) {
            if (kind.wireName.equals(lower)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** The unit of the window: minutes, days or months. */
    ChronoUnit window() {
        return window;
    }
}
