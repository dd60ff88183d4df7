package io.odock.core.limits;

import java.util.Locale;
import java.util.Optional;

/**
 * What a limit counts and over which window: requests or tokens (input plus output), per minute (a rate limit that
 * refills continuously) or per calendar day or month (a quota that resets when its window ends). The wire names are
 * the public names in the admin API, 429 bodies and metrics.
 */
public enum LimitKind {
    REQUESTS_PER_MINUTE("requests_per_minute", false, Window.MINUTE),
    TOKENS_PER_MINUTE("tokens_per_minute", true, Window.MINUTE),
    REQUESTS_PER_DAY("requests_per_day", false, Window.DAY),
    TOKENS_PER_DAY("tokens_per_day", true, Window.DAY),
    REQUESTS_PER_MONTH("requests_per_month", false, Window.MONTH),
    TOKENS_PER_MONTH("tokens_per_month", true, Window.MONTH);

    /** The span a limit counts over. */
    enum Window { MINUTE, DAY, MONTH }

    private final String wireName;
    private final boolean tokens;
    private final Window window;

    LimitKind(String wireName, boolean tokens, Window window) {
        this.wireName = wireName;
        this.tokens = tokens;
        this.window = window;
    }

    /** The public name ({@code requests_per_minute}). */
    public String wireName() {
        return wireName;
    }

    /** Whether it counts tokens rather than requests. */
    public boolean countsTokens() {
        return tokens;
    }

    /** Whether it is a daily or monthly quota (as opposed to a per-minute rate limit). */
    public boolean isQuota() {
        return window != Window.MINUTE;
    }

    Window window() {
        return window;
    }

    /** The kind with this wire name. */
    public static Optional<LimitKind> fromWireName(String name) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (LimitKind kind : values()) {
            if (kind.wireName.equals(wanted)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
