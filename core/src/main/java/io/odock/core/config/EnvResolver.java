package io.odock.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Map;
import java.util.function.Function;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in every text value of a configuration tree with the
 * environment's value, so secrets are only ever referenced from {@code odock.yaml}. {@code $${} is a literal
 * {@code ${}. A reference to an unset variable without a default is an error naming the variable and the entry.
 */
final class EnvResolver {
    private final Function<String, String> environment;
    private final String file;

    EnvResolver(Map<String, String> environment, String file) {
        this.environment = environment::get;
        this.file = file;
    }

    /** Resolves every text value under {@code node} in place; {@code path} names the node in errors. */
    void resolveTree(JsonNode node, String path) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                String childPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getValue().isTextual()) {
                    field.setValue(TextNode.valueOf(resolve(field.getValue().asText(), childPath)));
                } else {
                    resolveTree(field.getValue(), childPath);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String childPath = path + "[" + i + "]";
                if (array.get(i).isTextual()) {
                    array.set(i, TextNode.valueOf(resolve(array.get(i).asText(), childPath)));
                } else {
                    resolveTree(array.get(i), childPath);
                }
            }
        }
    }

    String resolve(String text, String path) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (c == '$' && text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw new ConfigException(file + ": " + path + ": unterminated '${' in the value");
                }
                out.append(lookup(text.substring(i + 2, end), path));
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String lookup(String reference, String path) {
        int separator = reference.indexOf(":-");
        String name = separator < 0 ? reference : reference.substring(0, separator);
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new ConfigException(file + ": " + path + ": '${" + reference + "}' is not a valid environment reference");
        }
        String value = environment.apply(name);
        if (value != null) {
            return value;
        }
        if (separator >= 0) {
            return reference.substring(separator + 2);
        }
        throw new ConfigException(file + ": " + path + ": environment variable " + name
                + " is not set (referenced as ${" + name + "}; set it, or write ${" + name + ":-default})");
    }
}
