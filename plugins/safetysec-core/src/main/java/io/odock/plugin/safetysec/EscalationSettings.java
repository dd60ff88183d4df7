package io.odock.plugin.safetysec;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code escalation} section.
 *
 * @param after   how many findings by one key escalate it
 * @param within  the window those findings must fall in
 * @param to      what its observe and redact rules then do ({@code block} or {@code redact})
 * @param maxKeys how many keys are remembered at most
 */
public record EscalationSettings(int after, Duration within, Action to, int maxKeys) {

    /** Validates the components. */
    public EscalationSettings {
        Objects.requireNonNull(within, "within");
        Objects.requireNonNull(to, "to");
        if (after < 1 || maxKeys < 1 || within.isZero() || within.isNegative()) {
            throw new IllegalArgumentException("escalation needs after >= 1, maxKeys >= 1 and a positive window");
        }
    }
}
