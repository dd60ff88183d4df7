package io.odock.plugin.blocker;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the {@code rules} list of the plugin's section into {@link BlockingRule}s, refusing anything doubtful with an
 * error that names the key: a blocker that half-understood its configuration would let through what the operator
 * meant to refuse.
 */
final class RuleParser {
    private static final Set<String> RULE_KEYS = Set.of("id", "models", "organizations", "teams", "users", "keys",
            "allowed", "header", "metadata", "reason");
    private static final Set<String> ALLOWED_KEYS = Set.of("days", "from", "to", "timezone");
    private static final Set<String> HEADER_KEYS = Set.of("name", "required", "matches", "oneOf");
    private static final Set<String> METADATA_KEYS = Set.of("key", "required", "matches", "oneOf");

    private RuleParser() {
    }

    /**
     * Parses the rules.
     *
     * @param sectionPath the section's path in {@code odock.yaml}, such as {@code plugins.blocker-rules}
     * @param rules       the {@code rules} node, or empty when the section has none
     * @throws IllegalArgumentException naming the offending key
     */
    static List<BlockingRule> parse(String sectionPath, Optional<JsonNode> rules) {
        if (rules.isEmpty()) {
            return List.of();
        }
        ConfigNode list = new ConfigNode(sectionPath + ".rules", rules.get());
        if (!list.node().isArray()) {
            throw list.error("must be a list of rules, each with an id");
        }
        List<BlockingRule> parsed = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.node().size(); i++) {
            ConfigNode rule = new ConfigNode(list.path() + "[" + i + "]", list.node().get(i)).object();
            BlockingRule parsedRule = rule(rule);
            if (!ids.add(parsedRule.id())) {
                throw rule.field("id").error("'" + parsedRule.id() + "' is the id of an earlier rule too; ids are "
                        + "shown to clients and recorded, so they must be unique");
            }
            parsed.add(parsedRule);
        }
        return parsed;
    }

    private static BlockingRule rule(ConfigNode rule) {
        rule.requireOnly(RULE_KEYS);
        String id = rule.field("id").requiredText();
        RuleScope scope = new RuleScope(patterns(rule.field("models")), patterns(rule.field("organizations")),
                patterns(rule.field("teams")), patterns(rule.field("users")), patterns(rule.field("keys")));
        List<Condition> conditions = new ArrayList<>();
        if (!rule.field("allowed").isAbsent()) {
            conditions.add(openingHours(rule.field("allowed").object()));
        }
        if (!rule.field("header").isAbsent()) {
            conditions.add(header(rule.field("header").object()));
        }
        if (!rule.field("metadata").isAbsent()) {
            conditions.add(metadata(rule.field("metadata").object()));
        }
        String reason = rule.field("reason").text()
                .orElse("The request was refused by the gateway's rule '" + id + "'");
        return new BlockingRule(id, scope, conditions, reason);
    }

    private static List<NamePattern> patterns(ConfigNode selector) {
        return selector.list(NamePattern::new);
    }

    private static OpeningHours openingHours(ConfigNode allowed) {
        allowed.requireOnly(ALLOWED_KEYS);
        Set<DayOfWeek> days = allowed.field("days").isAbsent() ? EnumSet.allOf(DayOfWeek.class)
                : new LinkedHashSet<>(allowed.field("days").list(RuleParser::day));
        if (days.isEmpty()) {
            throw allowed.field("days").error("must name at least one day (leave it out for every day)");
        }
        Optional<LocalTime> from = allowed.field("from").text().map(text -> time(allowed.field("from"), text));
        Optional<LocalTime> to = allowed.field("to").text().map(text -> time(allowed.field("to"), text));
        if (from.isPresent() != to.isPresent()) {
            throw allowed.field(from.isPresent() ? "to" : "from")
                    .error("is required with '" + (from.isPresent() ? "from" : "to") + "'");
        }
        ZoneId zone = allowed.field("timezone").text().map(text -> zone(allowed.field("timezone"), text))
                .orElse(ZoneId.of("UTC"));
        if (from.isEmpty()) {
            return OpeningHours.wholeDays(days, zone);
        }
        if (from.get().equals(to.get())) {
            throw allowed.field("to").error("is the same time as 'from'; leave both out for the whole day");
        }
        return new OpeningHours(days, from.get(), to.get(), zone);
    }

    private static HeaderCondition header(ConfigNode header) {
        header.requireOnly(HEADER_KEYS);
        return new HeaderCondition(header.field("name").requiredText(), valueRule(header));
    }

    private static MetadataCondition metadata(ConfigNode metadata) {
        metadata.requireOnly(METADATA_KEYS);
        return new MetadataCondition(metadata.field("key").requiredText(), valueRule(metadata));
    }

    private static ValueRule valueRule(ConfigNode condition) {
        boolean required = condition.field("required").bool(true);
        Optional<Pattern> matches = condition.field("matches").text().map(regex -> {
            try {
                return Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw condition.field("matches").error("is not a valid regular expression: " + e.getDescription());
            }
        });
        List<String> oneOf = condition.field("oneOf").list(Function.identity());
        if (!required && matches.isEmpty() && oneOf.isEmpty()) {
            throw condition.field("required").error("is false and neither 'matches' nor 'oneOf' is given, so the "
                    + "condition would check nothing");
        }
        return new ValueRule(required, matches, new HashSet<>(oneOf));
    }

    private static DayOfWeek day(String text) {
        String name = text.trim().toLowerCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            String full = day.name().toLowerCase(Locale.ROOT);
            if (name.equals(full) || name.equals(full.substring(0, 3))) {
                return day;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a day; use mon, tue, wed, thu, fri, sat or sun");
    }

    private static LocalTime time(ConfigNode key, String text) {
        try {
            if (!text.matches("\\d{2}:\\d{2}")) {
                throw new DateTimeParseException("not HH:mm", text, 0);
            }
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw key.error("'" + text + "' is not a time of day written HH:mm, such as 08:00");
        }
    }

    private static ZoneId zone(ConfigNode key, String text) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw key.error("'" + text + "' is not a time zone; use a region such as Europe/Paris, or UTC");
        }
    }
}
