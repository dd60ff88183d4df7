package io.odock.plugin.openai;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * Replaces the value of the first {@code "model"} key in a JSON text without parsing it: relayed stream chunks keep
 * their bytes, only the upstream model name becomes the client's. A quote inside a JSON string is always escaped, so
 * an unescaped {@code "model":} can only be a key.
 */
final class ModelFieldRewriter {
    private static final String KEY = "\"model\"";

    private ModelFieldRewriter() {
    }

    static String rewrite(String json, String model) {
        int key = json.indexOf(KEY);
        if (key < 0) {
            return json;
        }
        int i = skipSpaces(json, key + KEY.length());
        if (i >= json.length() || json.charAt(i) != ':') {
            return json;
        }
        i = skipSpaces(json, i + 1);
        if (i >= json.length() || json.charAt(i) != '"') {
            return json;
        }
        int end = i + 1;
        while (end < json.length() && json.charAt(end) != '"') {
            end += json.charAt(end) == '\\' ? 2 : 1;
        }
        if (end >= json.length()) {
            return json;
        }
        return json.substring(0, i + 1) + new String(JsonStringEncoder.getInstance().quoteAsString(model))
                + json.substring(end);
    }

    private static int skipSpaces(String json, int from) {
        int i = from;
        while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
            i++;
        }
        return i;
    }
}
