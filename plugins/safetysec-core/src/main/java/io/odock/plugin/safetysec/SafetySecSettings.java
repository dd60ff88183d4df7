package io.odock.plugin.safetysec;

import java.util.Objects;
import java.util.Optional;

/**
 * The {@code plugins.safetysec} section, validated and compiled.
 *
 * @param streamWindow how many characters of a stream the host holds back
 * @param selector     which policy a call gets
 * @param ruleBook     the compiled detectors
 * @param escalation   the escalation settings, when the section has them
 */
public record SafetySecSettings(int streamWindow, PolicySelector selector, RuleBook ruleBook,
                                Optional<EscalationSettings> escalation) {

    /** Validates the components. */
    public SafetySecSettings {
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(ruleBook, "ruleBook");
        Objects.requireNonNull(escalation, "escalation");
        if (streamWindow < 0) {
            throw new IllegalArgumentException("streamWindow must not be negative");
        }
    }
}
