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
        return new Block(code, reason);
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
     */
    record Block(String code, String reason) implements Verdict {
        /** Validates the components. */
        public Block {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
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
