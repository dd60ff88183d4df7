package io.odock.plugin.safetysec;

import com.fasterxml.jackson.databind.JsonNode;
import io.odock.spi.plugin.Durations;
import io.odock.spi.plugin.PluginConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads and validates the {@code plugins.safetysec} section. Every error is an {@link IllegalArgumentException} whose
 * message names the offending key by its path in the section, such as {@code 'policies.strict.pii'}.
 */
final class SettingsReader {
    static final int DEFAULT_STREAM_WINDOW = 128;
    static final int MAX_STREAM_WINDOW = 65_536;
    static final int DEFAULT_MAX_TRACKED_KEYS = 10_000;
    static final String DEFAULT_POLICY = "default";
    private static final Set<String> GROUPS = Set.of(BuiltInDetectors.PII, BuiltInDetectors.SECRETS,
            BuiltInDetectors.INJECTION, BuiltInDetectors.LEAKAGE, BuiltInDetectors.CUSTOM);
    private static final Pattern CUSTOM_ID = Pattern.compile("custom\\.[a-z0-9_.-]{1,64}");
    private static final Pattern POLICY_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private SettingsReader() {
    }

    /** The validated settings. */
    static SafetySecSettings read(PluginConfig config) {
        long window = config.number("streamWindow").orElse((long) DEFAULT_STREAM_WINDOW);
        if (window < 0 || window > MAX_STREAM_WINDOW) {
            throw error("streamWindow", "must be between 0 and " + MAX_STREAM_WINDOW);
        }
        JsonNode injection = object(config.node("injection"), "injection", Set.of("phrases", "patterns"));
        List<String> phrases = texts(injection.path("phrases"), "injection.phrases");
        List<Pattern> patterns = new ArrayList<>();
        List<String> patternTexts = texts(injection.path("patterns"), "injection.patterns");
        for (int i = 0; i < patternTexts.size(); i++) {
            patterns.add(compile(patternTexts.get(i), "injection.patterns[" + i + "]"));
        }
        JsonNode leakage = object(config.node("leakage"), "leakage", Set.of("markers"));
        List<String> markers = texts(leakage.path("markers"), "leakage.markers");
        List<CustomRule> custom = customRules(config.node("custom"));

        RuleBook ruleBook = RuleBook.build(phrases, patterns, markers, custom);
        Map<String, Policy> policies = policies(config.node("policies"), ruleBook.ruleIds());
        PolicySelector selector = new PolicySelector(selections(config.node("select"), policies),
                policies.get(DEFAULT_POLICY));
        return new SafetySecSettings((int) window, selector, ruleBook, escalation(config.node("escalation")));
    }

    private static List<CustomRule> customRules(Optional<JsonNode> section) {
        if (section.isEmpty()) {
            return List.of();
        }
        if (!section.get().isArray()) {
            throw error("custom", "must be a list of rules, each with id, pattern, category and action");
        }
        List<CustomRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < section.get().size(); i++) {
            String path = "custom[" + i + "]";
            JsonNode entry = object(Optional.of(section.get().get(i)), path,
                    Set.of("id", "pattern", "category", "action"));
            String id = requiredText(entry, "id", path + ".id");
            if (!CUSTOM_ID.matcher(id).matches()) {
                throw error(path + ".id", "must start with 'custom.' followed by lower-case letters, digits, "
                        + "'_', '-' or '.'");
            }
            if (!ids.add(id)) {
                throw error(path + ".id", "repeats the id of an earlier custom rule");
            }
            Pattern pattern = compile(requiredText(entry, "pattern", path + ".pattern"), path + ".pattern");
            String category = optionalText(entry, "category", path + ".category").orElse(BuiltInDetectors.CUSTOM);
            if (!GROUPS.contains(category)) {
                throw error(path + ".category", "must be one of " + sorted(GROUPS));
            }
            Action action = action(requiredText(entry, "action", path + ".action"), path + ".action");
            rules.add(new CustomRule(id, pattern, category, action));
        }
        return rules;
    }

    /** Every policy by name; {@code default} always exists, and the others fall back to it. */
    private static Map<String, Policy> policies(Optional<JsonNode> section, Set<String> ruleIds) {
        JsonNode all = section.orElse(null);
        if (all != null && !all.isObject()) {
            throw error("policies", "must map policy names to their actions");
        }
        Policy fallback = new Policy(DEFAULT_POLICY, all == null ? Map.of()
                : actions(all.path(DEFAULT_POLICY), "policies." + DEFAULT_POLICY, ruleIds), Optional.empty());
        Map<String, Policy> policies = new LinkedHashMap<>();
        policies.put(DEFAULT_POLICY, fallback);
        if (all != null) {
            for (Iterator<String> names = all.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!POLICY_NAME.matcher(name).matches()) {
                    throw error("policies." + name, "is not a valid policy name (letters, digits, '_' and '-')");
                }
                if (!name.equals(DEFAULT_POLICY)) {
                    String path = "policies." + name;
                    policies.put(name, new Policy(name, actions(all.get(name), path, ruleIds), Optional.of(fallback)));
                }
            }
        }
        return policies;
    }

    private static Map<String, Action> actions(JsonNode policy, String path, Set<String> ruleIds) {
        if (policy.isMissingNode() || policy.isNull()) {
            return Map.of();
        }
        if (!policy.isObject()) {
            throw error(path, "must map rule groups or rule ids to block, redact, observe or off");
        }
        Map<String, Action> actions = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = policy.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = path + "." + field.getKey();
            if (!GROUPS.contains(field.getKey()) && !ruleIds.contains(field.getKey())) {
                throw error(key, "names no rule group (" + String.join(", ", sorted(GROUPS))
                        + ") and no rule id (such as pii.email or secrets.jwt)");
            }
            if (!field.getValue().isTextual()) {
                throw error(key, "must be one of block, redact, observe, off");
            }
            actions.put(field.getKey(), action(field.getValue().asText(), key));
        }
        return actions;
    }

    private static List<PolicySelection> selections(Optional<JsonNode> section, Map<String, Policy> policies) {
        if (section.isEmpty()) {
            return List.of();
        }
        if (!section.get().isArray()) {
            throw error("select", "must be a list of entries such as { team: ml, policy: strict }");
        }
        Set<String> allowed = new HashSet<>(Set.of("policy"));
        for (CallerAttribute attribute : CallerAttribute.values()) {
            allowed.add(attribute.configKey());
        }
        List<PolicySelection> selections = new ArrayList<>();
        for (int i = 0; i < section.get().size(); i++) {
            String path = "select[" + i + "]";
            JsonNode entry = object(Optional.of(section.get().get(i)), path, allowed);
            String policyName = requiredText(entry, "policy", path + ".policy");
            Policy policy = policies.get(policyName);
            if (policy == null) {
                throw error(path + ".policy", "names no policy under 'policies' (known: "
                        + String.join(", ", policies.keySet()) + ")");
            }
            Map<CallerAttribute, NamePattern> conditions = new EnumMap<>(CallerAttribute.class);
            for (CallerAttribute attribute : CallerAttribute.values()) {
                optionalText(entry, attribute.configKey(), path + "." + attribute.configKey())
                        .ifPresent(text -> conditions.put(attribute, new NamePattern(text)));
            }
            if (conditions.isEmpty()) {
                throw error(path, "needs at least one of key, keyName, organization, team, user or model");
            }
            selections.add(new PolicySelection(conditions, policy));
        }
        return selections;
    }

    private static Optional<EscalationSettings> escalation(Optional<JsonNode> section) {
        if (section.isEmpty()) {
            return Optional.empty();
        }
        JsonNode escalation = object(section, "escalation", Set.of("after", "within", "to", "maxKeys"));
        int after = positiveInt(escalation, "after", "escalation.after", null);
        int maxKeys = positiveInt(escalation, "maxKeys", "escalation.maxKeys", DEFAULT_MAX_TRACKED_KEYS);
        String withinText = requiredText(escalation, "within", "escalation.within");
        Duration within = Durations.parse(withinText)
                .filter(d -> !d.isZero() && !d.isNegative())
                .orElseThrow(() -> error("escalation.within", "must be a positive duration such as 30s, 10m or 1h"));
        Action to = action(requiredText(escalation, "to", "escalation.to"), "escalation.to");
        if (to != Action.BLOCK && to != Action.REDACT) {
            throw error("escalation.to", "must be block or redact");
        }
        return Optional.of(new EscalationSettings(after, within, to, maxKeys));
    }

    private static Action action(String text, String path) {
        return Action.named(text).orElseThrow(() -> error(path, "must be one of block, redact, observe, off"));
    }

    private static Pattern compile(String regex, String path) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw error(path, "is not a valid regular expression: " + e.getDescription());
        }
    }

    /** The node as an object with only the allowed keys; an empty object when absent. */
    private static JsonNode object(Optional<JsonNode> node, String path, Set<String> allowedKeys) {
        if (node.isEmpty() || node.get().isNull() || node.get().isMissingNode()) {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        if (!node.get().isObject()) {
            throw error(path, "must be a section with keys " + String.join(", ", sorted(allowedKeys)));
        }
        for (Iterator<String> names = node.get().fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowedKeys.contains(name)) {
                throw error(path + "." + name, "is not a known key (known: "
                        + String.join(", ", sorted(allowedKeys)) + ")");
            }
        }
        return node.get();
    }

    private static List<String> texts(JsonNode node, String path) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw error(path, "must be a list of texts");
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual() || item.asText().isBlank()) {
                throw error(path + "[" + i + "]", "must be a non-empty text");
            }
            texts.add(item.asText());
        }
        return texts;
    }

    private static String requiredText(JsonNode parent, String key, String path) {
        return optionalText(parent, key, path).orElseThrow(() -> error(path, "is required"));
    }

    private static Optional<String> optionalText(JsonNode parent, String key, String path) {
        JsonNode value = parent.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isValueNode() || value.asText().isBlank()) {
            throw error(path, "must be a non-empty text");
        }
        return Optional.of(value.asText().strip());
    }

    private static int positiveInt(JsonNode parent, String key, String path, Integer fallback) {
        JsonNode value = parent.get(key);
        if (value == null || value.isNull()) {
            if (fallback == null) {
                throw error(path, "is required");
            }
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
            throw error(path, "must be a whole number of at least 1");
        }
        return value.asInt();
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }

    private static IllegalArgumentException error(String path, String problem) {
        return new IllegalArgumentException("'" + path + "' " + problem);
    }
}
