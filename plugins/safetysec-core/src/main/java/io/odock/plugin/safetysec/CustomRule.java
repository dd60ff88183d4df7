package io.odock.plugin.safetysec;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An operator-defined rule from the {@code custom} list.
 *
 * @param id       its id, starting with {@code custom.}
 * @param pattern  the compiled expression
 * @param category the kind reported with its findings
 * @param action   what it does unless the selected policy names its id or the {@code custom} group
 */
public record CustomRule(String id, Pattern pattern, String category, Action action) {

    /** Validates the components. */
    public CustomRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(action, "action");
    }

    /** The rule it reports its findings as. */
    Rule rule() {
        return new Rule(id, BuiltInDetectors.CUSTOM, category, action);
    }
}
