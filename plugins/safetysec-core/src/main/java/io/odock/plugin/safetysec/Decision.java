package io.odock.plugin.safetysec;

import io.odock.spi.plugin.Verdict;

import java.util.List;
import java.util.Objects;

/**
 * What the filter decided about one text, with what it needs to log and count (rule ids only, never found text).
 *
 * @param verdict  the verdict for the host
 * @param ruleIds  the ids of the rules that found something and are not off, in order found, without repeats
 * @param findings how many distinct findings those rules made
 */
record Decision(Verdict verdict, List<String> ruleIds, int findings) {

    /** Validates the components. */
    Decision {
        Objects.requireNonNull(verdict, "verdict");
        ruleIds = List.copyOf(ruleIds);
    }
}
