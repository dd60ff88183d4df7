package io.odock.plugin.blocker;

import io.odock.spi.plugin.Verdict;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.odock.plugin.blocker.Rules.blocker;
import static io.odock.plugin.blocker.Rules.caller;
import static io.odock.plugin.blocker.Rules.request;
import static org.assertj.core.api.Assertions.assertThat;

/** Header and metadata conditions: present, missing, matching, not matching, optional. */
class RequestValueRuleTest {
    private static final String NOW = "2026-01-14T12:00:00Z";
    private static final RulesBlocker PROJECT_HEADER = blocker("""
            rules:
              - id: project-header
                header: { name: X-Project, required: true, matches: "[a-z0-9-]{3,40}" }
                reason: "Send your project in x-project"
            """, NOW);
    private static final RulesBlocker TENANT = blocker("""
            rules:
              - id: tenant-metadata
                metadata: { key: tenant, oneOf: [ acme, globex ] }
                reason: "Unknown tenant"
            """, NOW);
    private static final Verdict NO_PROJECT = Verdict.blockedBy("project-header", "plugin_blocked",
            "Send your project in x-project");
    private static final Verdict UNKNOWN_TENANT = Verdict.blockedBy("tenant-metadata", "plugin_blocked",
            "Unknown tenant");

    @Test
    void aMatchingHeaderPasses() {
        assertThat(PROJECT_HEADER.check(request("m"), caller(Map.of("x-project", "billing-42"))))
                .isEqualTo(Verdict.allow());
    }

    @Test
    void aMissingRequiredHeaderIsRefused() {
        assertThat(PROJECT_HEADER.check(request("m"), caller())).isEqualTo(NO_PROJECT);
    }

    @Test
    void aHeaderThatDoesNotMatchWhollyIsRefused() {
        assertThat(PROJECT_HEADER.check(request("m"), caller(Map.of("x-project", "Billing"))))
                .isEqualTo(NO_PROJECT);
        assertThat(PROJECT_HEADER.check(request("m"), caller(Map.of("x-project", "ok-project; drop"))))
                .as("the pattern must match the whole value, not a part of it").isEqualTo(NO_PROJECT);
        assertThat(PROJECT_HEADER.check(request("m"), caller(Map.of("x-project", "ab"))))
                .isEqualTo(NO_PROJECT);
    }

    @Test
    void anOptionalHeaderIsCheckedOnlyWhenSent() {
        RulesBlocker optional = blocker("""
                rules:
                  - id: priority
                    header: { name: x-priority, required: false, oneOf: [ low, normal ] }
                """, NOW);
        assertThat(optional.check(request("m"), caller())).isEqualTo(Verdict.allow());
        assertThat(optional.check(request("m"), caller(Map.of("x-priority", "low")))).isEqualTo(Verdict.allow());
        assertThat(optional.check(request("m"), caller(Map.of("x-priority", "urgent"))))
                .isInstanceOf(Verdict.Block.class);
    }

    @Test
    void aListedTenantPasses() {
        assertThat(TENANT.check(request("m", Map.of("tenant", "globex")), caller())).isEqualTo(Verdict.allow());
    }

    @Test
    void missingMetadataIsRefused() {
        assertThat(TENANT.check(request("m"), caller())).isEqualTo(UNKNOWN_TENANT);
        assertThat(TENANT.check(request("m", Map.of("team", "acme")), caller())).isEqualTo(UNKNOWN_TENANT);
    }

    @Test
    void anUnlistedTenantIsRefused() {
        assertThat(TENANT.check(request("m", Map.of("tenant", "initech")), caller())).isEqualTo(UNKNOWN_TENANT);
        assertThat(TENANT.check(request("m", Map.of("tenant", "ACME")), caller())).isEqualTo(UNKNOWN_TENANT);
    }
}
