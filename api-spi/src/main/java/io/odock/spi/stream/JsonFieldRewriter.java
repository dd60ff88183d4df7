package io.odock.spi.stream;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * Replaces the string value of the first occurrence of a key in a JSON text without parsing it, so that a relayed
 * stream event keeps its bytes and only the upstream model name becomes the client's ({@code "model"} for OpenAI and
 * Anthropic, {@code "modelVersion"} for Gemini). A quote inside a JSON string is always escaped, so an unescaped
 * {@code "key":} can only be a key. Text without the key, or with a non-string value, is returned as it is.
 */
public final class JsonFieldRewriter {
    private JsonFieldRewriter() {
    }

    /** The text with the first {@code "model"} string value replaced. */
    public static String rewriteModel(String json, String model) {
        return rewrite(json, "model", model);
    }

    /** The text with the first {@code field}'s string value replaced by {@code value}. */
    public static String rewrite(String json, String field, String value) {
        String quotedKey = "\"" + field + "\"";
        int key = json.indexOf(quotedKey);
        if (key < 0) {
            return json;
        }
        int i = skipSpaces(json, key + quotedKey.length());
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
        return json.substring(0, i + 1) + new String(JsonStringEncoder.getInstance().quoteAsString(value))
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
