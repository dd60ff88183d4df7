package io.odock.plugin.safetysec;

import io.odock.spi.plugin.ConfigKey;
import io.odock.spi.plugin.PluginConfig;
import io.odock.spi.plugin.PluginContext;
import io.odock.spi.safety.SafetyFilter;
import io.odock.spi.safety.SafetyFilterFactory;
import org.pf4j.Extension;

import java.time.Clock;
import org.slf4j.LoggerFactory;
import java.util.List;

/**
 * Contributes the {@code safetysec} filter: built-in detectors for personal data, secrets, prompt injection and data
 * leakage, plus operator-defined patterns, with per-caller policies and escalation. Its section of {@code odock.yaml}
 * is {@code plugins.safetysec}; see the module's README for every key.
 */
@Extension
public final class SafetySecFilterFactory implements SafetyFilterFactory {
    /** The factory's id and the name of its section. */
    public static final String ID = "safetysec";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(
                ConfigKey.optional("streamWindow", "characters of a streamed answer held back so that patterns split "
                        + "across pieces are caught (default 128, 0 to 65536)"),
                ConfigKey.optional("policies", "named policies mapping rule groups (pii, secrets, injection, leakage, "
                        + "custom) or rule ids to block, redact, observe or off; 'default' applies unless 'select' "
                        + "picks another"),
                ConfigKey.optional("select", "list of { key | keyName | organization | team | user | model: name, "
                        + "prefix* or *, policy: name }; the first matching entry picks the policy"),
                ConfigKey.optional("injection", "phrases and patterns (regular expressions) added to the built-in "
                        + "prompt-injection rules"),
                ConfigKey.optional("leakage", "markers: texts that must not come back in answers"),
                ConfigKey.optional("custom", "list of operator rules { id: custom.x, pattern, category, action }"),
                ConfigKey.optional("escalation", "{ after, within, to, maxKeys }: a key with 'after' findings within "
                        + "'within' gets its observe and redact rules acting as 'to'"));
    }

    /**
     * The filter, or an inactive one when {@code odock.yaml} has no {@code plugins.safetysec} section: the plugin ships
     * with every gateway, and changing or refusing traffic is a decision the operator takes by writing the section
     * (the shipped {@code conf/odock.yaml} has one).
     */
    @Override
    public SafetyFilter create(PluginConfig config, PluginContext context) {
        if (config.section().isEmpty()) {
            LoggerFactory.getLogger(SafetySecFilterFactory.class).info(
                    "SafetySec is inactive: odock.yaml has no plugins.safetysec section");
            return new SafetyFilter() {
            };
        }
        return create(config, Clock.systemUTC());
    }

    /** Creates the filter measuring escalation windows with this clock (tests pass a controllable one). */
    static SafetySecFilter create(PluginConfig config, Clock clock) {
        return new SafetySecFilter(SettingsReader.read(config), clock);
    }
}
