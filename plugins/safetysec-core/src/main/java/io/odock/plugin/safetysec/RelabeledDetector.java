package io.odock.plugin.safetysec;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs another detector but reports its findings under a different rule: secrets found in answers are reported as
 * {@code leakage.secret_in_answer}, since there the concern is what leaves the gateway, not what the caller sent.
 *
 * @param inner what finds the text
 * @param rule  what the findings are reported as
 */
record RelabeledDetector(Detector inner, Rule rule) implements Detector {

    @Override
    public void scan(String text, String textBefore, List<Match> found) {
        List<Match> innerFound = new ArrayList<>(0);
        inner.scan(text, textBefore, innerFound);
        for (Match match : innerFound) {
            found.add(new Match(rule, match.found()));
        }
    }
}
