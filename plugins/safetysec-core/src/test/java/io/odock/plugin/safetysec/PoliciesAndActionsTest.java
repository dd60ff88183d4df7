package io.odock.plugin.safetysec;

import io.odock.spi.plugin.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.odock.plugin.safetysec.Fixtures.chat;
import static io.odock.plugin.safetysec.Fixtures.info;
import static org.assertj.core.api.Assertions.assertThat;

class PoliciesAndActionsTest {
    private static final String EMAIL = "mail ann@example.org please";
    private static final String CONFIG = """
            { 'policies': {
                'default': { 'pii': 'redact', 'secrets': 'block', 'injection': 'block', 'leakage': 'redact' },
                'strict': { 'pii': 'block', 'secrets': 'block', 'injection': 'block', 'leakage': 'block' },
                'logonly': { 'pii': 'observe', 'secrets': 'observe', 'injection': 'observe', 'leakage': 'observe' } },
              'select': [
                { 'team': 'ml', 'policy': 'strict' },
                { 'key': 'key_abc123', 'policy': 'logonly' },
                { 'organization': 'acme', 'policy': 'strict' },
                { 'model': 'gpt-4o*', 'policy': 'strict' } ] }""";

    private final SafetySecFilter filter = Fixtures.filter(CONFIG);

    @Test
    void callsMatchingNoEntryGetTheDefaultPolicy() {
        assertThat(filter.inspectRequest(chat(EMAIL), info())).isInstanceOf(Verdict.Redact.class);
    }

    @Test
    void selectsThePolicyByTeam() {
        assertThat(filter.inspectRequest(chat(EMAIL), info("k", Optional.empty(), Optional.of("ml"))))
                .isInstanceOf(Verdict.Block.class);
    }

    @Test
    void selectsThePolicyByKey() {
        assertThat(filter.inspectRequest(chat(EMAIL), info("key_abc123", Optional.empty(), Optional.empty())))
                .isEqualTo(Verdict.observe(List.of(new Verdict.Finding("pii.email", "pii"))));
    }

    @Test
    void selectsThePolicyByOrganization() {
        assertThat(filter.inspectRequest(chat(EMAIL), info("k", Optional.of("acme"), Optional.empty())))
                .isInstanceOf(Verdict.Block.class);
        assertThat(filter.inspectRequest(chat(EMAIL), info("k", Optional.of("acme-2"), Optional.empty())))
                .isInstanceOf(Verdict.Redact.class);
    }

    @Test
    void selectsThePolicyByModelPrefix() {
        assertThat(filter.inspectRequest(chat("gpt-4o-mini", EMAIL), info())).isInstanceOf(Verdict.Block.class);
        assertThat(filter.inspectRequest(chat("gpt-4", EMAIL), info())).isInstanceOf(Verdict.Redact.class);
    }

    @Test
    void theFirstMatchingEntryWins() {
        assertThat(filter.inspectRequest(chat(EMAIL), info("key_abc123", Optional.empty(), Optional.of("ml"))))
                .isInstanceOf(Verdict.Block.class);
    }

    @Test
    void blockNamesTheRuleAndItsKindButNeverTheContent() {
        Verdict verdict = filter.inspectRequest(chat("key AKIAIOSFODNN7EXAMPLE"), info());
        assertThat(verdict).isEqualTo(Verdict.blockedBy("secrets.aws_access_key_id", "safety_blocked",
                "SafetySec blocked this request: it contains a credential or secret."));
    }

    @Test
    void redactReplacesEveryFindingWithItsRuleId() {
        Verdict verdict = filter.inspectRequest(chat("ann@example.org or bob@example.org, card 4111 1111 1111 1111"),
                info());
        assertThat(verdict).isInstanceOfSatisfying(Verdict.Redact.class, r -> assertThat(r.redactions())
                .containsExactlyInAnyOrder(
                        new Verdict.Redaction("pii.email", "ann@example.org", "[REDACTED:pii.email]"),
                        new Verdict.Redaction("pii.email", "bob@example.org", "[REDACTED:pii.email]"),
                        new Verdict.Redaction("pii.card_number", "4111 1111 1111 1111", "[REDACTED:pii.card_number]")));
    }

    @Test
    void aRuleIdEntryOverridesItsGroupAndOffIgnoresTheRule() {
        SafetySecFilter byId = Fixtures.filter("{ 'policies': { 'default': { 'pii': 'redact', 'pii.email': 'off',"
                + " 'pii.phone': 'observe' } } }");
        assertThat(byId.inspectRequest(chat(EMAIL), info())).isEqualTo(Verdict.allow());
        assertThat(byId.inspectRequest(chat("call +44 20 7946 0958"), info()))
                .isEqualTo(Verdict.observe(List.of(new Verdict.Finding("pii.phone", "pii"))));
    }

    @Test
    void aPolicyInheritsWhatItDoesNotNameFromDefault() {
        SafetySecFilter inheriting = Fixtures.filter("{ 'policies': { 'default': { 'secrets': 'observe' },"
                + " 'strict': { 'pii': 'block' } }, 'select': [ { 'team': '*', 'policy': 'strict' } ] }");
        var ml = info("k", Optional.empty(), Optional.of("ml"));
        assertThat(inheriting.inspectRequest(chat("AKIAIOSFODNN7EXAMPLE"), ml)).isInstanceOf(Verdict.Observe.class);
        assertThat(inheriting.inspectRequest(chat(EMAIL), ml)).isInstanceOf(Verdict.Block.class);
        // '*' needs the attribute to exist: a key without a team is not matched.
        assertThat(inheriting.inspectRequest(chat(EMAIL), info())).isInstanceOf(Verdict.Redact.class);
    }

    @Test
    void findingsCombineBlockOverRedactOverObserve() {
        SafetySecFilter mixed = Fixtures.filter("{ 'policies': { 'default': { 'pii.email': 'redact',"
                + " 'pii.phone': 'observe', 'secrets': 'block' } } }");
        assertThat(mixed.inspectRequest(chat("ann@example.org +44 20 7946 0958 AKIAIOSFODNN7EXAMPLE"), info()))
                .isInstanceOfSatisfying(Verdict.Block.class,
                        b -> assertThat(b.rule()).isEqualTo("secrets.aws_access_key_id"));
        assertThat(mixed.inspectRequest(chat("ann@example.org +44 20 7946 0958"), info()))
                .isEqualTo(Verdict.redact(List.of(
                        new Verdict.Redaction("pii.email", "ann@example.org", "[REDACTED:pii.email]"))));
    }

    @Test
    void redactionsAreOrderedLongestFirstSoNestedFindingsStayMasked() {
        SafetySecFilter both = Fixtures.filter("{ 'custom': [ { 'id': 'custom.contact', 'pattern':"
                + " 'contact: [a-z@.]+', 'category': 'pii', 'action': 'redact' } ] }");
        assertThat(both.inspectRequest(chat("contact: ann@example.org"), info()))
                .isInstanceOfSatisfying(Verdict.Redact.class, r -> assertThat(r.redactions())
                        .extracting(Verdict.Redaction::found)
                        .containsExactly("contact: ann@example.org", "ann@example.org"));
    }

    @Test
    void cleanRequestsAreAllowed() {
        assertThat(filter.inspectRequest(chat("What is the capital of France?"), info())).isEqualTo(Verdict.allow());
    }
}
