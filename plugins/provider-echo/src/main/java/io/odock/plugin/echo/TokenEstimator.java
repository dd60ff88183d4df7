package io.odock.plugin.echo;

import java.util.ArrayList;
import java.util.List;

/**
 * The echo model's tokenizer: a token is a run of letters or digits, or a single other visible character, with the
 * whitespace before it. Close enough to real tokenizers for usage to behave like a real model's, and exact in the sense
 * that the streamed pieces always add up to the answer.
 */
final class TokenEstimator {
    private TokenEstimator() {
    }

    /** The text split into tokens; concatenated they give back the text. */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i < text.length()) {
                if (Character.isLetterOrDigit(text.charAt(i))) {
                    while (i < text.length() && Character.isLetterOrDigit(text.charAt(i))) {
                        i++;
                    }
                } else {
                    i++;
                }
            }
            tokens.add(text.substring(start, i));
        }
        return tokens;
    }

    static int count(String text) {
        return tokens(text).size();
    }
}
