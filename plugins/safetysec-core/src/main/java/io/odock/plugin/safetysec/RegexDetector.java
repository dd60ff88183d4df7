package io.odock.plugin.safetysec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule found by a precompiled regular expression, optionally confirmed by a check the expression cannot make (a
 * checksum, a decoded header).
 *
 * @param rule      the rule reported
 * @param pattern   the expression; written so that it cannot backtrack catastrophically
 * @param group     the capturing group whose text is the finding (0 for the whole match)
 * @param prefilter a cheap test that the text could contain a match at all, so clean text skips the regex
 * @param confirm   turns a candidate into the exact text to report, or rejects it
 */
record RegexDetector(Rule rule, Pattern pattern, int group, Predicate<String> prefilter,
                     Function<String, Optional<String>> confirm) implements Detector {

    /** Validates the components. */
    RegexDetector {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(prefilter, "prefilter");
        Objects.requireNonNull(confirm, "confirm");
    }

    /** Every match of the expression is a finding. */
    static RegexDetector of(Rule rule, String regex) {
        return new RegexDetector(rule, Pattern.compile(regex), 0, text -> true, Optional::of);
    }

    /** Only matches the check accepts are findings. */
    static RegexDetector checked(Rule rule, String regex, Predicate<String> check) {
        return new RegexDetector(rule, Pattern.compile(regex), 0, text -> true,
                candidate -> check.test(candidate) ? Optional.of(candidate) : Optional.empty());
    }

    /** The same detector, skipping texts the prefilter rules out. */
    RegexDetector onlyWhen(Predicate<String> newPrefilter) {
        return new RegexDetector(rule, pattern, group, newPrefilter, confirm);
    }

    /** The same detector, reporting this capturing group. */
    RegexDetector reportingGroup(int newGroup) {
        return new RegexDetector(rule, pattern, newGroup, prefilter, confirm);
    }

    /** The same detector, with candidates turned into findings by this function. */
    RegexDetector confirmedBy(Function<String, Optional<String>> newConfirm) {
        return new RegexDetector(rule, pattern, group, prefilter, newConfirm);
    }

    @Override
    public void scan(String text, String textBefore, List<Match> found) {
        if (!prefilter.test(text)) {
            return;
        }
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            String candidate = matcher.group(group);
            if (candidate != null && !candidate.isEmpty()) {
                confirm.apply(candidate).filter(s -> !s.isEmpty()).ifPresent(s -> found.add(new Match(rule, s)));
            }
        }
    }
}
