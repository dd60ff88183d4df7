package io.odock.plugin.safetysec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * All detectors, compiled once: which run on requests and which on answers (complete or streamed).
 *
 * @param requestDetectors personal data, secrets, configured injection and custom rules
 * @param injectionDetectors the built-in injection rules, run on requests that contain one of their trigger words
 * @param answerDetectors  personal data, secrets (as leakage), leakage markers and custom rules
 */
record RuleBook(List<Detector> requestDetectors, List<Detector> injectionDetectors, List<Detector> answerDetectors) {
    static final Rule CONFIGURED_PHRASE = Rule.builtIn("injection.configured_phrase", BuiltInDetectors.INJECTION,
            Action.BLOCK);
    static final Rule CONFIGURED_PATTERN = Rule.builtIn("injection.configured_pattern", BuiltInDetectors.INJECTION,
            Action.BLOCK);
    static final Rule SECRET_IN_ANSWER = Rule.builtIn("leakage.secret_in_answer", BuiltInDetectors.LEAKAGE,
            Action.REDACT);
    static final Rule INTERNAL_MARKER = Rule.builtIn("leakage.internal_marker", BuiltInDetectors.LEAKAGE,
            Action.REDACT);

    /** Validates the components. */
    RuleBook {
        requestDetectors = List.copyOf(requestDetectors);
        injectionDetectors = List.copyOf(injectionDetectors);
        answerDetectors = List.copyOf(answerDetectors);
    }

    /** Builds the detectors: the built-in ones plus what the operator configured. */
    static RuleBook build(List<String> injectionPhrases, List<Pattern> injectionPatterns, List<String> leakageMarkers,
                          List<CustomRule> customRules) {
        List<Detector> secrets = BuiltInDetectors.secrets();
        List<Detector> custom = customRules.stream()
                .<Detector>map(c -> new RegexDetector(c.rule(), c.pattern(), 0, text -> true, java.util.Optional::of))
                .toList();

        List<Detector> onRequests = new ArrayList<>(BuiltInDetectors.pii());
        onRequests.addAll(secrets);
        injectionPhrases.forEach(p -> onRequests.add(BuiltInDetectors.phrase(CONFIGURED_PHRASE, p, false)));
        injectionPatterns.forEach(p -> onRequests.add(
                new RegexDetector(CONFIGURED_PATTERN, p, 0, text -> true, java.util.Optional::of)));
        onRequests.addAll(custom);

        List<Detector> onAnswers = new ArrayList<>(BuiltInDetectors.pii());
        secrets.forEach(s -> onAnswers.add(new RelabeledDetector(s, SECRET_IN_ANSWER)));
        leakageMarkers.forEach(m -> onAnswers.add(BuiltInDetectors.phrase(INTERNAL_MARKER, m, true)));
        onAnswers.addAll(custom);
        return new RuleBook(onRequests, BuiltInDetectors.injection(), onAnswers);
    }

    /** The ids of every rule a policy may name, built-in or configured. */
    Set<String> ruleIds() {
        Set<String> ids = new LinkedHashSet<>();
        requestDetectors.forEach(d -> ids.add(d.rule().id()));
        injectionDetectors.forEach(d -> ids.add(d.rule().id()));
        answerDetectors.forEach(d -> ids.add(d.rule().id()));
        // Policies may name these even when nothing configured them, so a shared policy file stays valid.
        ids.add(CONFIGURED_PHRASE.id());
        ids.add(CONFIGURED_PATTERN.id());
        ids.add(INTERNAL_MARKER.id());
        return ids;
    }

    /** What the request detectors find in the text. */
    void scanRequest(String text, List<Match> found) {
        scan(requestDetectors, text, "", found);
        if (mayHoldInjection(text)) {
            scan(injectionDetectors, text, "", found);
        }
    }

    /** Whether the text holds a trigger word of the built-in injection rules; one lower-casing, then fast searches. */
    private static boolean mayHoldInjection(String text) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        for (String trigger : BuiltInDetectors.INJECTION_TRIGGERS) {
            if (lower.contains(trigger)) {
                return true;
            }
        }
        return lower.contains("<") && lower.contains("system");
    }

    /** What the answer detectors find in the text, which follows {@code textBefore} in the same answer. */
    void scanAnswer(String text, String textBefore, List<Match> found) {
        scan(answerDetectors, text, textBefore, found);
    }

    private static void scan(List<Detector> detectors, String text, String textBefore, List<Match> found) {
        if (text.isEmpty()) {
            return;
        }
        int first = found.size();
        for (Detector detector : detectors) {
            detector.scan(text, textBefore, found);
        }
        dropContainedMatches(found, first);
    }

    /**
     * Drops a match that lies inside a longer match of the same rule in the same text (the national phone format
     * inside an international number): it adds nothing, and reporting it twice would double-count the finding.
     */
    private static void dropContainedMatches(List<Match> found, int first) {
        for (int i = found.size() - 1; i >= first; i--) {
            Match candidate = found.get(i);
            for (int j = first; j < found.size(); j++) {
                Match other = found.get(j);
                if (j != i && other.rule().equals(candidate.rule()) && other.found().length() > candidate.found().length()
                        && other.found().contains(candidate.found())) {
                    found.remove(i);
                    break;
                }
            }
        }
    }
}
