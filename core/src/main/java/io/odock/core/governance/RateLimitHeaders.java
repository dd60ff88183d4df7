package io.odock.core.governance;

import io.odock.core.limits.Admission;
import io.odock.core.limits.LimitOutcome;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code x-ratelimit-*} headers OpenAI's clients read: limit, remaining and reset for requests and for tokens,
 * from the tightest enforced limit of each. Resets are written as OpenAI writes them ({@code 20ms}, {@code 6s},
 * {@code 1m30s}, {@code 2h0m0s}).
 */
final class RateLimitHeaders {
    private RateLimitHeaders() {
    }

    static Map<String, String> of(Admission admission) {
        Map<String, String> headers = new LinkedHashMap<>();
        put(headers, "requests", admission.tightest(false));
        put(headers, "tokens", admission.tightest(true));
        return headers;
    }

    private static void put(Map<String, String> headers, String unit, Optional<LimitOutcome> outcome) {
        outcome.ifPresent(o -> {
            headers.put("x-ratelimit-limit-" + unit, Long.toString(o.rule().limit()));
            headers.put("x-ratelimit-remaining-" + unit, Long.toString(Math.max(0, o.remaining())));
            headers.put("x-ratelimit-reset-" + unit, duration(o.resetAfter()));
        });
    }

    /** A duration the way OpenAI's headers write it. */
    static String duration(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 1000) {
            return millis + "ms";
        }
        long seconds = (millis + 999) / 1000;
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        if (hours > 0) {
            return hours + "h" + minutes + "m" + rest + "s";
        }
        return minutes > 0 ? minutes + "m" + rest + "s" : rest + "s";
    }
}
