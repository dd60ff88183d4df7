package io.odock.plugin.safetysec;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the body of PEM private keys ({@code -----BEGIN ... PRIVATE KEY-----} to {@code -----END ... PRIVATE KEY-----}).
 *
 * <p>The finding is the key material between the armour lines, which stay visible, so that a redacted answer still
 * shows that a key was there. Keeping the BEGIN line is also what lets a stream be followed: a key is far longer than a
 * stream window, so when the text already sent opens a key that has not ended, the next piece is key material up to its
 * END line. A BEGIN line without an END line makes the rest of the text key material.
 *
 * @param rule the rule reported
 */
record PrivateKeyDetector(Rule rule) implements Detector {
    private static final Pattern BEGIN = Pattern.compile("-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----");
    private static final Pattern END = Pattern.compile("-----END [A-Z0-9 ]{0,40}PRIVATE KEY-----");
    private static final String MARKER = "PRIVATE KEY-----";

    @Override
    public void scan(String text, String textBefore, List<Match> found) {
        int from = 0;
        if (opensKey(textBefore)) {
            from = addBody(text, afterSplitReplacement(text, textBefore), found);
        }
        if (!text.contains(MARKER)) {
            return;
        }
        Matcher begin = BEGIN.matcher(text);
        while (from < text.length() && begin.find(from)) {
            from = addBody(text, begin.end(), found);
        }
    }

    /** Reports the key material from {@code start} to the next END line or the end; returns where scanning goes on. */
    private int addBody(String text, int start, List<Match> found) {
        Matcher end = END.matcher(text);
        boolean ended = end.find(start);
        int stop = ended ? end.start() : unendedBodyStop(text, start);
        String body = text.substring(start, stop).strip();
        if (!body.isEmpty()) {
            found.add(new Match(rule, body));
        }
        return ended ? end.end() : text.length();
    }

    /**
     * Where the material of a key whose END line is not (yet) in the text stops: before any dash run, since base64 has
     * no dashes and a stream may hold the first part of the END line at the end of its pending text; cutting there
     * keeps the END line and the text after it out of the redaction once the rest arrives.
     */
    private static int unendedBodyStop(String text, int start) {
        int armour = text.indexOf("-----", start);
        if (armour >= 0) {
            return armour;
        }
        int stop = text.length();
        while (stop > start && text.charAt(stop - 1) == '-') {
            stop--;
        }
        return stop;
    }

    /**
     * Where key material starts in a text that continues a key. When the text already sent ends inside one of our own
     * replacements (the host released its start and held back the rest), the rest of it is not key material: redacting
     * it again would leave a broken replacement in the answer.
     */
    private static int afterSplitReplacement(String text, String textBefore) {
        int lastOpen = textBefore.lastIndexOf(VerdictComposer.REPLACEMENT_PREFIX.charAt(0));
        if (lastOpen < 0 || textBefore.indexOf(']', lastOpen) >= 0) {
            return 0;
        }
        String started = textBefore.substring(lastOpen);
        boolean splitReplacement = VerdictComposer.REPLACEMENT_PREFIX.startsWith(started)
                || started.startsWith(VerdictComposer.REPLACEMENT_PREFIX);
        int close = text.indexOf(']');
        return splitReplacement && close >= 0 ? close + 1 : 0;
    }

    /** Whether the text ends inside a key: its last BEGIN line comes after its last END line. */
    private static boolean opensKey(String text) {
        int lastBegin = text.lastIndexOf("-----BEGIN ");
        if (lastBegin < 0) {
            return false;
        }
        String tail = text.substring(lastBegin);
        Matcher begin = BEGIN.matcher(tail);
        return begin.lookingAt() && !END.matcher(tail).find(begin.end());
    }
}
