package io.odock.plugin.safetysec;

import io.odock.spi.plugin.ConfigKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsReaderTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{ 'streamWindow': -1 } | 'streamWindow' must be between 0 and 65536",
            "{ 'streamWindow': 'lots' } | 'streamWindow' must be a whole number",
            "{ 'policies': { 'strict': { 'pii': 'blok' } } } | 'policies.strict.pii' must be one of block, redact",
            "{ 'policies': { 'default': { 'pii.emial': 'off' } } } | 'policies.default.pii.emial' names no rule group",
            "{ 'policies': { 'default': { 'pii': 3 } } } | 'policies.default.pii' must be one of",
            "{ 'policies': ['strict'] } | 'policies' must map policy names",
            "{ 'select': [ { 'team': 'ml', 'policy': 'stricter' } ] } | 'select[0].policy' names no policy",
            "{ 'select': [ { 'team': 'ml' } ] } | 'select[0].policy' is required",
            "{ 'select': [ { 'policy': 'default' } ] } | 'select[0]' needs at least one of",
            "{ 'select': [ { 'tem': 'ml', 'policy': 'default' } ] } | 'select[0].tem' is not a known key",
            "{ 'injection': { 'patterns': ['ok', '(unclosed'] } } | 'injection.patterns[1]' is not a valid regular",
            "{ 'injection': { 'phrases': 'ignore' } } | 'injection.phrases' must be a list of texts",
            "{ 'leakage': { 'markers': [''] } } | 'leakage.markers[0]' must be a non-empty text",
            "{ 'custom': [ { 'id': 'codename', 'pattern': 'x', 'action': 'block' } ] } | 'custom[0].id' must start with",
            "{ 'custom': [ { 'id': 'custom.a', 'pattern': '[', 'action': 'block' } ] } | 'custom[0].pattern' is not a valid",
            "{ 'custom': [ { 'id': 'custom.a', 'pattern': 'x' } ] } | 'custom[0].action' is required",
            "{ 'custom': [ { 'id': 'custom.a', 'pattern': 'x', 'action': 'block', 'category': 'misc' } ] } | 'custom[0].category' must be one of",
            "{ 'escalation': { 'after': 0, 'within': '10m', 'to': 'block' } } | 'escalation.after' must be a whole number",
            "{ 'escalation': { 'after': 3, 'within': 'soon', 'to': 'block' } } | 'escalation.within' must be a positive duration",
            "{ 'escalation': { 'after': 3, 'within': '10m', 'to': 'observe' } } | 'escalation.to' must be block or redact",
            "{ 'escalation': { 'after': 3, 'within': '10m', 'to': 'block', 'afer': 1 } } | 'escalation.afer' is not a known key",
    })
    void errorsNameTheOffendingKey(String json, String message) {
        assertThatThrownBy(() -> Fixtures.filter(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void customRuleIdsAndConfiguredRulesMayBeNamedInPolicies() {
        SafetySecFilter filter = Fixtures.filter("{ 'custom': [ { 'id': 'custom.x', 'pattern': 'xyzzy', 'action': 'block' } ],"
                + " 'policies': { 'default': { 'custom.x': 'observe', 'injection.configured_phrase': 'off',"
                + " 'leakage.secret_in_answer': 'block' } } }");
        assertThat(filter.inspectRequest(Fixtures.chat("xyzzy"), Fixtures.info()))
                .isInstanceOf(io.odock.spi.plugin.Verdict.Observe.class);
    }

    @Test
    void theFactoryDeclaresEveryTopLevelKey() {
        SafetySecFilterFactory factory = new SafetySecFilterFactory();
        assertThat(factory.id()).isEqualTo("safetysec");
        assertThat(factory.configKeys()).extracting(ConfigKey::name).containsExactly("streamWindow", "policies",
                "select", "injection", "leakage", "custom", "escalation");
        assertThat(factory.configKeys()).noneMatch(ConfigKey::required);
        assertThat(SafetySecFilterFactory.create(io.odock.spi.plugin.PluginConfig.empty(), java.time.Clock.systemUTC())
                .streamWindow()).isEqualTo(128);
    }
}
