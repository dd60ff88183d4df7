package io.odock.spi.plugin;

import java.time.Duration;
import java.util.Optional;

/**
 * Parses the duration notation used throughout {@code odock.yaml}: {@code 250ms}, {@code 30s}, {@code 5m},
 * {@code 2h}, or a bare number of seconds.
 */
public final class Durations {
    private Durations() {
    }

    /** The duration the text denotes, or empty when it is not one. */
    public static Optional<Duration> parse(String text) {
        String value = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (value.endsWith("ms")) {
                return Optional.of(Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2).trim())));
            }
            long amount = Long.parseLong(value.replaceAll("[smh]$", "").trim());
            if (amount < 0) {
                return Optional.empty();
            }
            return Optional.of(switch (value.charAt(value.length() - 1)) {
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> Duration.ofSeconds(amount);
            });
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }
}
