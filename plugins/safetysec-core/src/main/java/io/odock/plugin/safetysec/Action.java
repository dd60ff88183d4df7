package io.odock.plugin.safetysec;

import java.util.Locale;
import java.util.Optional;

/** What SafetySec does when a rule finds something. */
public enum Action {
    /** Refuse the request or answer. */
    BLOCK,
    /** Replace the found text with {@code [REDACTED:<rule id>]}. */
    REDACT,
    /** Let it through and record the finding. */
    OBSERVE,
    /** Ignore the rule. */
    OFF;

    /** The action named like this in {@code odock.yaml}, case-insensitively. */
    static Optional<Action> named(String name) {
        for (Action action : values()) {
            if (action.name().equalsIgnoreCase(name.trim())) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }

    /** The name used in {@code odock.yaml}. */
    String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** How strict it is: a higher rank wins when an escalation makes a rule stricter. */
    int strictness() {
        return switch (this) {
            case OFF -> 0;
            case OBSERVE -> 1;
            case REDACT -> 2;
            case BLOCK -> 3;
        };
    }
}
