package io.odock.spi.plugin;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of an inspecting plugin (a SafetySec filter or a request blocker). Verdicts are values, not exceptions:
 * the host applies them, renders a block in the route's error shape, and records them.
 */
public sealed interface Verdict {

    /** Let the request or answer through unchanged. */
    static Verdict allow() {
        return Allow.INSTANCE;
    }

    /** Let it through with these texts masked. */
    static Verdict redact(List<Redaction> redactions) {
        return new Redact(redactions);
    }

    /**
     * Refuse it. The client gets HTTP 403 with the given code and reason.
     *
     * @param code   a stable code, such as {@code safety_blocked} or {@code request_blocked}
     * @param reason a client-safe reason; never echo the offending content in it
     */
    static Verdict block(String code, String reason) {
        return new Block(code, reason, "");
    }

    /**
     * Refuse it because of one rule; the rule's id is shown to the client beside the reason (as {@code rule}) and
     * recorded.
     *
     * @param rule   the rule's id, such as {@code pii.card_number}
     * @param code   a stable code, such as {@code safety_blocked} or {@code plugin_blocked}
     * @param reason a client-safe reason; never echo the offending content in it
     */
    static Verdict blockedBy(String rule, String code, String reason) {
        return new Block(code, reason, rule);
    }

    /**
     * Let it through unchanged, but record what was found (in the usage record and the metrics): the {@code observe}
     * action, for trying rules before enforcing them.
     */
    static Verdict observe(List<Finding> findings) {
        return new Observe(findings);
    }

    /** Let through unchanged. */
    enum Allow implements Verdict {
        /** The only instance. */
        INSTANCE
    }

    /**
     * Let through after replacing each found text with its replacement, in every message text and in the raw payload
     * that is forwarded upstream (or, on answers, in the text the client receives).
     *
     * @param redactions what to replace
     */
    record Redact(List<Redaction> redactions) implements Verdict {
        /** Validates the components. */
        public Redact {
            redactions = List.copyOf(redactions);
        }
    }

    /**
     * Refuse with HTTP 403.
     *
     * @param code   stable error code
     * @param reason client-safe reason
     * @param rule   the id of the rule that refused, or empty
     */
    record Block(String code, String reason, String rule) implements Verdict {
        /** Validates the components. */
        public Block {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(rule, "rule");
        }

        /**
         * A block that names no rule.
         *
         * @param code   stable error code
         * @param reason client-safe reason
         */
        public Block(String code, String reason) {
            this(code, reason, "");
        }
    }

    /**
     * Let through unchanged; what was found is recorded.
     *
     * @param findings what the rules found
     */
    record Observe(List<Finding> findings) implements Verdict {
        /** Validates the components. */
        public Observe {
            findings = List.copyOf(findings);
        }
    }

    /**
     * What a rule found, for the record (never the found text itself).
     *
     * @param rule     the rule's id, such as {@code secrets.aws_access_key}
     * @param category its kind, such as {@code pii}, {@code secret}, {@code injection}, {@code leakage}
     */
    record Finding(String rule, String category) {
        /** Validates the components. */
        public Finding {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(category, "category");
        }
    }

    /**
     * One text to mask.
     *
     * @param rule        the id of the rule that found it, for the record
     * @param found       the exact text found
     * @param replacement what the client or upstream sees instead, such as {@code [REDACTED:email]}
     */
    record Redaction(String rule, String found, String replacement) {
        /** Validates the components. */
        public Redaction {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(found, "found");
            Objects.requireNonNull(replacement, "replacement");
            if (found.isEmpty()) {
                throw new IllegalArgumentException("a redaction must find some text");
            }
        }
    }
}
