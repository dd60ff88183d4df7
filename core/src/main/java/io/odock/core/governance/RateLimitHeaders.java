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
    private static final Names REQUESTS = new Names("requests");
    private static final Names TOKENS = new Names("tokens");

    private RateLimitHeaders() {
    }

    static Map<String, String> of(Admission admission) {
        Map<String, String> headers = new LinkedHashMap<>(8);
        put(headers, REQUESTS, admission.tightest(false));
        put(headers, TOKENS, admission.tightest(true));
        return headers;
    }

    private static void put(Map<String, String> headers, Names names, Optional<LimitOutcome> tightest) {
        if (tightest.isPresent()) {
            LimitOutcome outcome = tightest.get();
            headers.put(names.limit(), Long.toString(outcome.rule().limit()));
            headers.put(names.remaining(), Long.toString(Math.max(0, outcome.remaining())));
            headers.put(names.reset(), duration(outcome.resetAfter()));
        }
    }

    /** One unit's three header names, built once rather than concatenated on every call. */
    private record Names(String limit, String remaining, String reset) {
        Names(String unit) {
            this("x-ratelimit-limit-" + unit, "x-ratelimit-remaining-" + unit, "x-ratelimit-reset-" + unit);
        }
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
