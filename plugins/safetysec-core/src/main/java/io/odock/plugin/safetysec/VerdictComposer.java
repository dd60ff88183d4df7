package io.odock.plugin.safetysec;

import io.odock.spi.plugin.Verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Turns the matches in a text into one verdict. Any block wins; else the redactions; else the observed findings; else
 * allow. A redact verdict cannot also carry findings to record, so observe findings are dropped when something is
 * redacted (the redactions are recorded instead).
 */
final class VerdictComposer {
    /** The code every SafetySec block carries. */
    static final String BLOCK_CODE = "safety_blocked";
    /** What every replacement starts with; the rule id and ']' follow. */
    static final String REPLACEMENT_PREFIX = "[REDACTED:";

    private VerdictComposer() {
    }

    /**
     * @param matches  what the detectors found, in order
     * @param policy   the policy selected for the call
     * @param stricter applied to each rule's action (escalation; identity when the key is not escalated)
     * @param subject  what is being inspected, for the client's block reason: "request" or "answer"
     */
    static Decision compose(List<Match> matches, Policy policy, UnaryOperator<Action> stricter, String subject) {
        Set<String> ruleIds = new LinkedHashSet<>();
        Map<String, Verdict.Redaction> redactions = new LinkedHashMap<>();
        Set<Verdict.Finding> observed = new LinkedHashSet<>();
        Set<String> distinct = new LinkedHashSet<>();
        Match firstBlock = null;
        for (Match match : matches) {
            Rule rule = match.rule();
            Action action = stricter.apply(policy.actionFor(rule));
            if (action == Action.OFF) {
                continue;
            }
            ruleIds.add(rule.id());
            distinct.add(rule.id() + '\u0000' + match.found());
            switch (action) {
                case BLOCK -> firstBlock = firstBlock == null ? match : firstBlock;
                case REDACT -> redactions.putIfAbsent(match.found(),
                        new Verdict.Redaction(rule.id(), match.found(), REPLACEMENT_PREFIX + rule.id() + "]"));
                case OBSERVE -> observed.add(new Verdict.Finding(rule.id(), rule.category()));
                case OFF -> { }
            }
        }
        return new Decision(verdictOf(firstBlock, redactions, observed, subject), List.copyOf(ruleIds),
                distinct.size());
    }

    private static Verdict verdictOf(Match firstBlock, Map<String, Verdict.Redaction> redactions,
                                     Set<Verdict.Finding> observed, String subject) {
        if (firstBlock != null) {
            Rule rule = firstBlock.rule();
            return Verdict.blockedBy(rule.id(), BLOCK_CODE,
                    "SafetySec blocked this " + subject + ": it contains " + kindOf(rule.category()) + ".");
        }
        if (!redactions.isEmpty()) {
            // Longest first: the host replaces one after another, and a short found text inside a longer one
            // must not break the longer one's replacement.
            List<Verdict.Redaction> ordered = new ArrayList<>(redactions.values());
            ordered.sort(Comparator.comparingInt((Verdict.Redaction r) -> r.found().length()).reversed());
            return Verdict.redact(ordered);
        }
        if (!observed.isEmpty()) {
            return Verdict.observe(List.copyOf(observed));
        }
        return Verdict.allow();
    }

    /** A client-safe description of a kind of finding; it never includes the content. */
    static String kindOf(String category) {
        return switch (category) {
            case BuiltInDetectors.PII -> "personal data";
            case BuiltInDetectors.SECRETS -> "a credential or secret";
            case BuiltInDetectors.INJECTION -> "a prompt-injection or jailbreak attempt";
            case BuiltInDetectors.LEAKAGE -> "content that must not leave the organisation";
            default -> "content its policy does not allow";
        };
    }
}
