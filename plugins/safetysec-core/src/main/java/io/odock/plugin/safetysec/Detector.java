package io.odock.plugin.safetysec;

import java.util.List;

/** Finds the texts one rule is about. Implementations are immutable and thread-safe. */
interface Detector {

    /**
     * Adds what it finds in {@code text} to {@code found}.
     *
     * @param text       the text to inspect
     * @param textBefore text that came just before it in the same stream (already sent), or empty; only rules that
     *                   span long stretches, such as private key blocks, look at it
     * @param found      where to add matches
     */
    void scan(String text, String textBefore, List<Match> found);

    /** The rule whose findings it reports. */
    Rule rule();
}
