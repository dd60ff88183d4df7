package io.odock.plugin.safetysec;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The built-in detectors. Every expression is compiled once, when the filter is created, and is written to run in
 * linear time: bounded or possessive repetitions, and no two adjacent parts that can match the same characters.
 */
final class BuiltInDetectors {
    static final String PII = "pii";
    static final String SECRETS = "secrets";
    static final String INJECTION = "injection";
    static final String LEAKAGE = "leakage";
    static final String CUSTOM = "custom";

    private BuiltInDetectors() {
    }

    /** Personal data: emails, phones, cards, IBANs, national ids, IP addresses. */
    static List<Detector> pii() {
        Rule email = pii("pii.email");
        Rule phone = pii("pii.phone");
        Rule card = pii("pii.card_number");
        Rule iban = pii("pii.iban");
        Rule nationalId = pii("pii.national_id");
        Rule ip = pii("pii.ip_address");
        return List.of(
                RegexDetector.of(email, "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@"
                                + "(?:[A-Za-z0-9-]{1,63}\\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])")
                        .onlyWhen(Prefilters.containsAny("@")),
                // International: +CC then 7-14 more digits, with single separators between them.
                RegexDetector.of(phone, "(?<![\\w+])\\+[1-9](?:[ .()-]{0,2}\\d){7,14}(?![\\d])")
                        .onlyWhen(Prefilters.containsAny("+")),
                // North American national format; separators are required so that bare digit runs are not phones.
                RegexDetector.of(phone, "(?<![\\w+(])(?:\\(\\d{3}\\) ?|\\d{3}[-. ])\\d{3}[-. ]\\d{4}(?![\\d])")
                        .onlyWhen(Prefilters.digitsAtLeast(10)),
                // French and similar: 0X XX XX XX XX with separators.
                RegexDetector.of(phone, "(?<![\\w+])0[1-9](?:[ .-]\\d{2}){4}(?![\\d])")
                        .onlyWhen(Prefilters.digitsAtLeast(10)),
                // UK: eleven digits starting with 0 in its usual groupings.
                RegexDetector.of(phone, "(?<![\\w+])0(?:\\d{4} ?\\d{6}|\\d{3} \\d{3} \\d{4}|\\d{2} \\d{4} \\d{4})(?![\\d])")
                        .onlyWhen(Prefilters.digitsAtLeast(11)),
                RegexDetector.checked(card, "(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])", CardNumbers::isCardNumber)
                        .onlyWhen(Prefilters.digitsAtLeast(13)),
                RegexDetector.of(iban, "(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}+")
                        .onlyWhen(Prefilters.digitsAtLeast(4)).confirmedBy(Ibans::confirm),
                RegexDetector.checked(nationalId, "(?<![\\d-])\\d{3}([- ])\\d{2}\\1\\d{4}(?![\\d-])",
                        NationalIds::isUsSsn).onlyWhen(Prefilters.digitsAtLeast(9)),
                RegexDetector.checked(nationalId, "(?<![A-Za-z0-9])[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
                        + " ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D](?![A-Za-z0-9])", NationalIds::isUkNino)
                        .onlyWhen(Prefilters.digitsAtLeast(6)),
                RegexDetector.checked(nationalId, "(?<![A-Za-z0-9])[12378] ?\\d{2} ?(?:0[1-9]|1[0-2]|[2-9]\\d)"
                        + " ?(?:\\d{2}|2[AB]) ?\\d{3} ?\\d{3} ?\\d{2}(?![A-Za-z0-9])", NationalIds::isFrenchNir)
                        .onlyWhen(Prefilters.digitsAtLeast(13)),
                RegexDetector.of(ip, "(?<![\\d.])(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}"
                                + "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?!\\.?\\d)")
                        .onlyWhen(Prefilters.containsAny(".").and(Prefilters.digitsAtLeast(4))),
                RegexDetector.checked(ip, "(?<![\\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\\w:])",
                        IpAddresses::isIpv6).onlyWhen(Prefilters.containsAny(":")));
    }

    /** Credentials: provider API keys, cloud keys, tokens, private keys. */
    static List<Detector> secrets() {
        return List.of(
                RegexDetector.of(secret("secrets.openai_api_key"),
                        "(?<![A-Za-z0-9_-])sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}+")
                        .onlyWhen(Prefilters.containsAny("sk-")),
                RegexDetector.of(secret("secrets.anthropic_api_key"), "(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{32,}+")
                        .onlyWhen(Prefilters.containsAny("sk-ant-")),
                RegexDetector.of(secret("secrets.aws_access_key_id"), "(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])")
                        .onlyWhen(Prefilters.containsAny("AKIA", "ASIA")),
                RegexDetector.of(secret("secrets.github_token"), "(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}+"
                                + "|github_pat_[A-Za-z0-9_]{22,255}+)")
                        .onlyWhen(Prefilters.containsAny("gh", "github_pat_")),
                RegexDetector.of(secret("secrets.google_api_key"), "(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])")
                        .onlyWhen(Prefilters.containsAny("AIza")),
                RegexDetector.of(secret("secrets.slack_token"), "(?<![A-Za-z0-9-])xox[abposr]-[A-Za-z0-9-]{10,250}+")
                        .onlyWhen(Prefilters.containsAny("xox")),
                RegexDetector.of(secret("secrets.stripe_key"), "(?<![A-Za-z0-9_])[sr]k_live_[A-Za-z0-9]{20,247}+")
                        .onlyWhen(Prefilters.containsAny("k_live_")),
                RegexDetector.checked(secret("secrets.jwt"),
                        "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{2,}+\\.[A-Za-z0-9_-]{2,}+\\.[A-Za-z0-9_-]*+",
                        JsonWebTokens::hasJwtHeader).onlyWhen(Prefilters.containsAny("eyJ")),
                new PrivateKeyDetector(secret("secrets.private_key")),
                // Only the token is the finding, so a redaction keeps "Bearer" and the header name readable.
                new RegexDetector(secret("secrets.bearer_token"),
                        Pattern.compile("(?i)\\bbearer\\s{1,8}([A-Za-z0-9._~+/=-]{16,}+)"), 1,
                        Prefilters.containsAny("earer", "EARER"), java.util.Optional::of));
    }

    /**
     * Lower-case words at least one of which every built-in injection rule needs. Case-insensitive expressions are
     * slow to scan for, so a text without any of them skips those rules (see {@link RuleBook}).
     */
    static final List<String> INJECTION_TRIGGERS = List.of("ignore", "disregard", "forget", "override", "bypass",
            "system", "mode", "dan", "anything", "restriction", "filter", "polic", "guardrail", "no longer",
            "im_start");

    /** Prompt injection and jailbreak attempts, matched case-insensitively. */
    static List<Detector> injection() {
        return List.of(
                injection("injection.ignore_instructions", "\\b(?:ignore|disregard|forget|override|bypass)"
                        + "(?:\\s{1,8}(?:all|any|the|your|my|of|these|those))?(?:\\s{1,8}(?:all|any|the|your|my))?"
                        + "\\s{1,8}(?:previous|prior|above|earlier|preceding|system|original|initial|developer)"
                        + "\\s{1,8}(?:instructions?|prompts?|rules|directions|guidelines|messages?|context)\\b"),
                injection("injection.reveal_system_prompt", "\\b(?:reveal|show|print|repeat|display|output|leak|dump"
                        + "|tell\\s{1,8}me|what\\s{1,8}(?:is|are|was))\\s{1,8}(?:me\\s{1,8})?(?:your|the)"
                        + "(?:\\s{1,8}(?:full|entire|original|hidden|initial|secret|exact))?"
                        + "\\s{1,8}(?:system\\s{1,8}(?:prompt|message|instructions)|initial\\s{1,8}instructions"
                        + "|hidden\\s{1,8}instructions)\\b"),
                injection("injection.developer_mode", "\\b(?:you\\s{1,8}are\\s{1,8}(?:now\\s{1,8})?in|switch\\s{1,8}to"
                        + "|enter|act\\s{1,8}as\\s{1,8}if\\s{1,8}in)\\s{1,8}(?:developer|god|jailbreak|unrestricted)"
                        + "\\s{1,8}mode\\b|\\b(?:developer|jailbreak|god)\\s{1,8}mode\\s{1,8}(?:enabled|activated)\\b"),
                injection("injection.dan", "\\b(?:you\\s{1,8}are\\s{1,8}(?:now\\s{1,8})?|act\\s{1,8}as\\s{1,8}"
                        + "|pretend\\s{1,8}to\\s{1,8}be\\s{1,8}|become\\s{1,8})DAN\\b|\\bdo\\s{1,8}anything\\s{1,8}now\\b"),
                injection("injection.no_restrictions", "\\b(?:bypass|disable|ignore|remove|turn\\s{1,8}off)"
                        + "(?:\\s{1,8}(?:all|any|your))?\\s{1,8}(?:restrictions|filters|safety\\s{1,8}(?:guidelines|rules"
                        + "|filters)|content\\s{1,8}polic(?:y|ies)|guardrails)\\b"),
                injection("injection.role_override", "\\byou\\s{1,8}are\\s{1,8}no\\s{1,8}longer\\s{1,8}(?:an?\\s{1,8})?"
                        + "(?:ai|assistant|chatbot|language\\s{1,8}model|bound|restricted)\\b"),
                injection("injection.fake_system_tag", "<\\|im_start\\|>\\s{0,8}system|<\\s{0,8}/?\\s{0,8}system"
                        + "\\s{0,8}>|\\[\\s{0,8}system\\s{0,8}(?:message|prompt)?\\s{0,8}\\]"));
    }

    /** A detector of an injection phrase written as words: case-insensitive, any run of spaces between words. */
    static RegexDetector phrase(Rule rule, String phrase, boolean caseSensitive) {
        String[] words = phrase.strip().split("\\s+");
        StringBuilder regex = new StringBuilder(caseSensitive ? "" : "(?i)");
        if (Character.isLetterOrDigit(words[0].charAt(0))) {
            regex.append("\\b");
        }
        for (int i = 0; i < words.length; i++) {
            regex.append(i == 0 ? "" : "\\s{1,8}").append(Pattern.quote(words[i]));
        }
        String last = words[words.length - 1];
        if (Character.isLetterOrDigit(last.charAt(last.length() - 1))) {
            regex.append("\\b");
        }
        return RegexDetector.of(rule, regex.toString());
    }

    private static Rule pii(String id) {
        return Rule.builtIn(id, PII, Action.REDACT);
    }

    private static Rule secret(String id) {
        return Rule.builtIn(id, SECRETS, Action.BLOCK);
    }

    private static RegexDetector injection(String id, String regex) {
        return RegexDetector.of(Rule.builtIn(id, INJECTION, Action.BLOCK), "(?i)" + regex);
    }
}
