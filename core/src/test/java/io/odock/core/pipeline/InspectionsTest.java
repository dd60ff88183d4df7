package io.odock.core.pipeline;

import io.odock.core.observe.GatewayMetrics;
import io.odock.core.plugins.ExtensionRegistry;
import io.odock.core.plugins.Named;
import io.odock.spi.GatewayException;
import io.odock.spi.blocker.RequestBlocker;
import io.odock.spi.model.ChatMessage;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.RequestInfo;
import io.odock.spi.plugin.Verdict;
import io.odock.spi.safety.SafetyFilter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InspectionsTest {
    private static final RequestInfo INFO = new RequestInfo("req_1", "key_1", "k", "/v1/chat/completions", "openai",
            "127.0.0.1");
    private static final GatewayRequest REQUEST = GatewayRequest.builder().model("m")
            .addMessage(ChatMessage.of("user", "hi")).build();
    private final GatewayMetrics metrics = new GatewayMetrics(() -> 0, () -> true);

    /** Redacts "secret" wherever it is whole in the text it is shown; holds back up to 8 characters. */
    private static final SafetyFilter SECRET_FILTER = new SafetyFilter() {
        @Override
        public boolean inspectsStreams() {
            return true;
        }

        @Override
        public int streamWindow() {
            return 8;
        }

        @Override
        public Verdict inspectStreamText(GatewayRequest request, RequestInfo info, String textSoFar, String pending) {
            return pending.contains("secret")
                    ? Verdict.redact(List.of(new Verdict.Redaction("words.secret", "secret", "[SECRET]")))
                    : Verdict.allow();
        }
    };

    private Inspections inspections(List<Named<SafetyFilter>> filters, List<Named<RequestBlocker>> blockers) {
        return new Inspections(new ExtensionRegistry(Map.of(), Map.of(), filters, blockers, List.of(), List.of(),
                List.of()), metrics);
    }

    @Test
    void aPatternSplitAcrossStreamPiecesIsRedactedAndTextWaitsNoLongerThanTheWindow() {
        PluginTrail trail = new PluginTrail();
        Inspections.StreamTextInspector inspector = inspections(List.of(new Named<>("words", SECRET_FILTER)), List.of())
                .forStream(REQUEST, INFO, trail);
        StringBuilder sent = new StringBuilder();
        StringBuilder received = new StringBuilder();
        for (String piece : List.of("the sec", "ret is ", "out now, really out now")) {
            received.append(piece);
            sent.append(inspector.inspect(0, piece));
            // Held back: never more than the window.
            assertThat(received.length() - sent.length()).isLessThanOrEqualTo(8 + "[SECRET]".length());
        }
        inspector.flush().values().forEach(sent::append);

        assertThat(sent.toString()).isEqualTo("the [SECRET] is out now, really out now");
        assertThat(trail.executions()).anySatisfy(execution -> {
            assertThat(execution.plugin()).isEqualTo("words");
            assertThat(execution.moment()).isEqualTo("stream");
            assertThat(execution.action()).isEqualTo("redact");
            assertThat(execution.rules()).containsExactly("words.secret");
        });
    }

    @Test
    void withoutStreamFiltersPiecesPassAtOnce() {
        Inspections.StreamTextInspector inspector = inspections(List.of(), List.of())
                .forStream(REQUEST, INFO, new PluginTrail());
        assertThat(inspector.inspect(0, "abc")).isEqualTo("abc");
        assertThat(inspector.flush()).isEmpty();
    }

    @Test
    void blockersRunInOrderNameTheRuleAndAreRecorded() {
        List<String> ran = new ArrayList<>();
        RequestBlocker first = (request, info) -> {
            ran.add("first");
            return Verdict.observe(List.of(new Verdict.Finding("first.look", "audit")));
        };
        RequestBlocker second = (request, info) -> {
            ran.add("second");
            return Verdict.blockedBy("hours.office", "", "Outside office hours");
        };
        PluginTrail trail = new PluginTrail();
        assertThatThrownBy(() -> inspections(List.of(), List.of(new Named<>("first", first),
                new Named<>("second", second))).beforeRouting(REQUEST, INFO, trail))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.code()).isEqualTo("plugin_blocked");
                    assertThat(e.details()).containsEntry("rule", "hours.office");
                });
        assertThat(ran).containsExactly("first", "second");
        assertThat(trail.executions()).extracting(e -> e.plugin() + ":" + e.action() + ":" + e.rules())
                .containsExactly("first:observe:[first.look]", "second:block:[hours.office]");
        assertThat(metrics.scrape()).contains("odock_plugin_rule_actions_total{plugin=\"second\",rule=\"hours.office\","
                + "action=\"block\"} 1");
    }

    @Test
    void aThrowingPluginFailsClosedAndIsRecordedAsAnError() {
        RequestBlocker broken = (request, info) -> {
            throw new IllegalStateException("boom");
        };
        PluginTrail trail = new PluginTrail();
        assertThatThrownBy(() -> inspections(List.of(), List.of(new Named<>("broken", broken)))
                .beforeRouting(REQUEST, INFO, trail))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo("plugin_error"));
        assertThat(trail.executions()).singleElement().satisfies(e -> assertThat(e.action()).isEqualTo("error"));
    }
}
