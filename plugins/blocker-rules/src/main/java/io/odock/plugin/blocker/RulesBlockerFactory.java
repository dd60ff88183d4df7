package io.odock.plugin.blocker;

import io.odock.spi.blocker.RequestBlocker;
import io.odock.spi.blocker.RequestBlockerFactory;
import io.odock.spi.plugin.ConfigKey;
import io.odock.spi.plugin.PluginConfig;
import io.odock.spi.plugin.PluginContext;
import org.pf4j.Extension;

import java.time.Clock;
import java.util.List;

/**
 * Contributes the {@code blocker-rules} request blocker: an ordered list of declarative rules under
 * {@code plugins.blocker-rules.rules} in {@code odock.yaml}. A rule selects requests by model and caller (organisation,
 * team, user, key) and refuses those that arrive outside its opening hours, lack or misuse a header, or carry
 * unexpected metadata; a rule without conditions refuses every request it selects. The first refusing rule answers
 * 403 {@code plugin_blocked} with its id and reason; without rules every request is allowed. See the module's
 * README for the full syntax.
 */
@Extension
public final class RulesBlockerFactory implements RequestBlockerFactory {
    /** The extension's id, and the name of its section under {@code plugins:}. */
    public static final String ID = "blocker-rules";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<ConfigKey> configKeys() {
        // Optional: the plugin ships with the gateway and must not stop an installation that does not use it.
        return List.of(ConfigKey.optional("rules", "the ordered list of blocking rules, each with an id, optional "
                + "selectors (models, organizations, teams, users, keys), conditions (allowed, header, metadata) "
                + "and a reason"));
    }

    @Override
    public RequestBlocker create(PluginConfig config, PluginContext context) {
        return blocker(config, Clock.systemUTC());
    }

    /** The blocker reading opening hours against {@code clock}. */
    static RulesBlocker blocker(PluginConfig config, Clock clock) {
        return new RulesBlocker(RuleParser.parse("plugins." + ID, config.node("rules")), clock);
    }
}
