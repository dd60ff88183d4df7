package io.odock.core.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.core.keys.Scope;
import io.odock.core.limits.LimitKind;
import io.odock.core.limits.LimitRule;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rate limits and quotas attached to one scope: a number per {@link LimitKind}, the same per model pattern, and
 * which kinds run in shadow mode (evaluated and reported, never refusing). In the admin API and the database it is
 * JSON with the limits' wire names ({@code {"requests_per_minute": 60, "models": {"gpt-4o*": {...}},
 * "shadow": ["tokens_per_minute"]}}); in {@code odock.yaml} the same keys are camelCase ({@code requestsPerMinute}).
 *
 * @param limits   limit per kind
 * @param perModel limits per model name or {@code prefix*}, each counted in its own bucket
 * @param shadow   kinds that only report
 */
public record LimitSet(Map<LimitKind, Long> limits, Map<String, Map<LimitKind, Long>> perModel,
                       Set<LimitKind> shadow) {
    private static final LimitSet NONE = new LimitSet(Map.of(), Map.of(), Set.of());

    /** Makes the maps immutable. */
    public LimitSet {
        limits = Map.copyOf(limits);
        Map<String, Map<LimitKind, Long>> copy = new LinkedHashMap<>();
        perModel.forEach((pattern, kinds) -> copy.put(pattern, Map.copyOf(kinds)));
        perModel = java.util.Collections.unmodifiableMap(copy);
        shadow = shadow.isEmpty() ? Set.of() : Set.copyOf(shadow);
    }

    /** No limits. */
    public static LimitSet none() {
        return NONE;
    }

    /** Whether it sets nothing. */
    public boolean isEmpty() {
        return limits.isEmpty() && perModel.isEmpty();
    }

    /** No limit and no shadow flag: laid over anything, or anything laid over it, it changes nothing. */
    private boolean setsNothing() {
        return isEmpty() && shadow.isEmpty();
    }

    /** This set over a base: a kind or model pattern set here replaces the base's; the rest of the base stays. */
    public LimitSet over(LimitSet base) {
        // Asked for on every call (a key's own limits over the configured defaults), and one side mostly sets nothing.
        if (base.setsNothing()) {
            return this;
        }
        if (setsNothing()) {
            return base;
        }
        Map<LimitKind, Long> merged = new EnumMap<>(LimitKind.class);
        merged.putAll(base.limits);
        merged.putAll(limits);
        Map<String, Map<LimitKind, Long>> models = new LinkedHashMap<>(base.perModel);
        models.putAll(perModel);
        Set<LimitKind> shadows = EnumSet.noneOf(LimitKind.class);
        // A kind set here takes its shadow flag from here; kinds only inherited keep the base's flag.
        base.shadow.stream().filter(kind -> !limits.containsKey(kind)).forEach(shadows::add);
        shadows.addAll(shadow);
        return new LimitSet(merged, models, shadows);
    }

    /** The rules this set puts on a scope. */
    public List<LimitRule> rules(Scope scope) {
        List<LimitRule> rules = new ArrayList<>();
        limits.forEach((kind, limit) -> rules.add(new LimitRule(scope, kind, limit, Optional.empty(),
                shadow.contains(kind))));
        perModel.forEach((pattern, kinds) -> kinds.forEach((kind, limit) -> rules.add(new LimitRule(scope, kind,
                limit, Optional.of(pattern), shadow.contains(kind)))));
        return rules;
    }

    /** The JSON form (wire names). */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        writeKinds(node, limits);
        if (!perModel.isEmpty()) {
            ObjectNode models = node.putObject("models");
            perModel.forEach((pattern, kinds) -> writeKinds(models.putObject(pattern), kinds));
        }
        if (!shadow.isEmpty()) {
            ArrayNode shadows = node.putArray("shadow");
            shadow.stream().sorted().forEach(kind -> shadows.add(kind.wireName()));
        }
        return node;
    }

    private static void writeKinds(ObjectNode node, Map<LimitKind, Long> kinds) {
        kinds.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(entry -> node.put(entry.getKey().wireName(), entry.getValue()));
    }

    /**
     * Reads the JSON form.
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public static LimitSet fromJson(JsonNode node) {
        return read(node, false);
    }

    /**
     * Reads the {@code odock.yaml} form (camelCase keys: {@code requestsPerMinute}, {@code models}, {@code shadow}).
     *
     * @throws IllegalArgumentException naming the key that is wrong
     */
    public static LimitSet fromConfig(JsonNode node) {
        return read(node, true);
    }

    private static LimitSet read(JsonNode node, boolean camelCase) {
        if (node == null || node.isNull()) {
            return NONE;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("limits must be an object of limit names to numbers");
        }
        Map<LimitKind, Long> limits = new EnumMap<>(LimitKind.class);
        Map<String, Map<LimitKind, Long>> perModel = new LinkedHashMap<>();
        Set<LimitKind> shadow = EnumSet.noneOf(LimitKind.class);
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            switch (field.getKey()) {
                case "models" -> {
                    if (!field.getValue().isObject()) {
                        throw new IllegalArgumentException("'models' must map model names or patterns to limits");
                    }
                    field.getValue().fields().forEachRemaining(model -> {
                        Map<LimitKind, Long> kinds = new EnumMap<>(LimitKind.class);
                        if (!model.getValue().isObject()) {
                            throw new IllegalArgumentException("'models." + model.getKey() + "' must be an object of "
                                    + "limit names to numbers");
                        }
                        model.getValue().fields().forEachRemaining(limit -> {
                            LimitKind kind = kind(limit.getKey(), camelCase, "models." + model.getKey() + ".");
                            kinds.put(kind, number(limit.getValue(), "models." + model.getKey() + "." + limit.getKey(),
                                    kind));
                        });
                        if (model.getKey().isBlank()) {
                            throw new IllegalArgumentException("'models' cannot have a blank model name");
                        }
                        perModel.put(model.getKey().strip(), kinds);
                    });
                }
                case "shadow" -> {
                    if (!field.getValue().isArray()) {
                        throw new IllegalArgumentException("'shadow' must be a list of limit names");
                    }
                    for (JsonNode name : field.getValue()) {
                        shadow.add(kind(name.asText(), camelCase, "shadow: "));
                    }
                }
                default -> {
                    LimitKind kind = kind(field.getKey(), camelCase, "");
                    limits.put(kind, number(field.getValue(), field.getKey(), kind));
                }
            }
        }
        return new LimitSet(limits, perModel, shadow);
    }

    private static LimitKind kind(String name, boolean camelCase, String where) {
        String wire = camelCase ? name.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT) : name;
        return LimitKind.fromWireName(wire).orElseThrow(() -> new IllegalArgumentException("'" + where + name
                + "' is not a limit (" + names(camelCase) + ")"));
    }

    private static String names(boolean camelCase) {
        List<String> names = new ArrayList<>();
        for (LimitKind kind : LimitKind.values()) {
            names.add(camelCase ? camel(kind.wireName()) : kind.wireName());
        }
        return String.join(", ", names);
    }

    /** {@code requests_per_minute} as {@code requestsPerMinute}. */
    static String camel(String wire) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : wire.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    /** The most a per-minute limit can be: its bucket refills at most one unit per nanosecond. */
    static final long MAX_PER_MINUTE = 1_000_000_000L;

    private static long number(JsonNode value, String field, LimitKind kind) {
        if (value == null || !value.isIntegralNumber() || value.asLong() < 1) {
            throw new IllegalArgumentException("'" + field + "' must be a whole number of at least 1");
        }
        if (!kind.isQuota() && value.asLong() > MAX_PER_MINUTE) {
            throw new IllegalArgumentException("'" + field + "' can be at most " + MAX_PER_MINUTE + " per minute");
        }
        return value.asLong();
    }
}
