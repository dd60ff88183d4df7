package io.odock.plugin.safetysec;

import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.RequestInfo;
import io.odock.spi.plugin.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.odock.plugin.safetysec.Fixtures.chat;
import static io.odock.plugin.safetysec.Fixtures.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamingTest {

    /**
     * Plays the host's part as the SPI describes it: hold back the last {@code streamWindow()} characters, pass them
     * again with the next piece, apply redactions to the pending text, and pass what is held once more at the end.
     */
    private static final class HostStream {
        private final SafetySecFilter filter;
        private final GatewayRequest request = chat("hi");
        private final RequestInfo info = info();
        private final StringBuilder sent = new StringBuilder();
        private String held = "";
        private int largestHeld;

        HostStream(SafetySecFilter filter) {
            this.filter = filter;
        }

        void piece(String delta) {
            String pending = inspect(held + delta);
            int keep = Math.min(filter.streamWindow(), pending.length());
            sent.append(pending, 0, pending.length() - keep);
            held = pending.substring(pending.length() - keep);
            largestHeld = Math.max(largestHeld, held.length());
        }

        String finish() {
            sent.append(inspect(held));
            held = "";
            return sent.toString();
        }

        private String inspect(String pending) {
            Verdict verdict = filter.inspectStreamText(request, info, sent.toString(), pending);
            return switch (verdict) {
                case Verdict.Allow allow -> pending;
                case Verdict.Observe observe -> pending;
                case Verdict.Redact redact -> {
                    String result = pending;
                    for (Verdict.Redaction r : redact.redactions()) {
                        result = result.replace(r.found(), r.replacement());
                    }
                    yield result;
                }
                case Verdict.Block block -> throw new IllegalStateException("blocked by " + block.rule());
            };
        }
    }

    @Test
    void streamsAreInspectedWithTheConfiguredWindow() {
        SafetySecFilter filter = Fixtures.filter("{ 'streamWindow': 40 }");
        assertThat(filter.inspectsStreams()).isTrue();
        assertThat(filter.streamWindow()).isEqualTo(40);
        assertThat(Fixtures.defaultFilter().streamWindow()).isEqualTo(128);
    }

    @Test
    void aCardNumberSplitAcrossThreePiecesIsRedacted() {
        HostStream stream = new HostStream(Fixtures.filter("{ 'streamWindow': 32 }"));
        for (String piece : List.of("Your card is 4111 11", "11 1111 ", "1111, keep it safe. Anything else I can do?")) {
            stream.piece(piece);
        }
        String sent = stream.finish();
        assertThat(sent).isEqualTo("Your card is [REDACTED:pii.card_number], keep it safe. Anything else I can do?");
        assertThat(stream.largestHeld).isLessThanOrEqualTo(32);
    }

    @Test
    void anEmailSplitAcrossTwoPiecesIsRedacted() {
        HostStream stream = new HostStream(Fixtures.filter("{ 'streamWindow': 24 }"));
        stream.piece("Write to ann.lee@exa");
        stream.piece("mple.org and wait for a reply from the team, which may take a few days.");
        assertThat(stream.finish()).isEqualTo("Write to [REDACTED:pii.email] and wait for a reply from the team, "
                + "which may take a few days.");
        assertThat(stream.largestHeld).isLessThanOrEqualTo(24);
    }

    @Test
    void aPrivateKeyLongerThanTheWindowNeverReachesTheClient() {
        HostStream stream = new HostStream(Fixtures.filter("{ 'streamWindow': 48 }"));
        String body = "MIIEowIBAAKCAQEA7bqZ".repeat(30);
        String answer = "Here: -----BEGIN RSA PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY----- done.";
        for (int i = 0; i < answer.length(); i += 7) {
            stream.piece(answer.substring(i, Math.min(answer.length(), i + 7)));
        }
        String sent = stream.finish();
        assertThat(sent).doesNotContain("MIIE").doesNotContain("7bqZ")
                .startsWith("Here: -----BEGIN RSA PRIVATE KEY-----\n[REDACTED:leakage.secret_in_answer]")
                .endsWith("-----END RSA PRIVATE KEY----- done.");
        assertThat(stream.largestHeld).isLessThanOrEqualTo(48);
    }

    @Test
    void aBlockedRuleEndsTheStream() {
        HostStream stream = new HostStream(Fixtures.filter("{ 'streamWindow': 32,"
                + " 'policies': { 'default': { 'leakage': 'block' } } }"));
        stream.piece("the key is AKIAIOSF");
        assertThatThrownBy(() -> stream.piece("ODNN7EXAMPLE ok")).hasMessage("blocked by leakage.secret_in_answer");
    }
}
