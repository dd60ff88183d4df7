package io.odock.plugin.safetysec;

import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.RequestInfo;
import io.odock.spi.plugin.Verdict;
import io.odock.spi.safety.SafetyFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The SafetySec filter: finds personal data, secrets, prompt injection, data leakage and operator-defined patterns in
 * requests, complete answers and streamed answers, and blocks, redacts or records them as the call's policy says.
 * Immutable apart from the escalation memory, which is thread-safe.
 */
public final class SafetySecFilter implements SafetyFilter {
    private static final Logger log = LoggerFactory.getLogger(SafetySecFilter.class);

    private final SafetySecSettings settings;
    private final Optional<Escalation> escalation;

    /** A filter with these settings; escalation windows are measured with the clock. */
    public SafetySecFilter(SafetySecSettings settings, Clock clock) {
        this.settings = settings;
        this.escalation = settings.escalation().map(e -> new Escalation(e, clock));
    }

    @Override
    public Verdict inspectRequest(GatewayRequest request, RequestInfo info) {
        List<Match> matches = new ArrayList<>();
        for (String text : InspectedTexts.of(request)) {
            settings.ruleBook().scanRequest(text, matches);
        }
        return decide(matches, request, info, "request", true);
    }

    @Override
    public Verdict inspectResponse(GatewayRequest request, GatewayResponse response, RequestInfo info) {
        List<Match> matches = new ArrayList<>();
        for (String text : InspectedTexts.of(response)) {
            settings.ruleBook().scanAnswer(text, "", matches);
        }
        return decide(matches, request, info, "answer", true);
    }

    @Override
    public boolean inspectsStreams() {
        return true;
    }

    /**
     * Inspects the pending text. Stream pieces do not count towards escalation: the held-back text is passed again with
     * the next piece, so an observed finding in it would be counted more than once.
     */
    @Override
    public Verdict inspectStreamText(GatewayRequest request, RequestInfo info, String textSoFar, String pending) {
        List<Match> matches = new ArrayList<>();
        settings.ruleBook().scanAnswer(pending, textSoFar, matches);
        return decide(matches, request, info, "answer", false);
    }

    @Override
    public int streamWindow() {
        return settings.streamWindow();
    }

    private Verdict decide(List<Match> matches, GatewayRequest request, RequestInfo info, String subject,
                           boolean countsTowardsEscalation) {
        if (matches.isEmpty()) {
            return Verdict.allow();
        }
        Policy policy = settings.selector().select(request, info);
        boolean escalated = escalation.map(e -> e.isEscalated(info.keyId())).orElse(false);
        UnaryOperator<Action> stricter = escalated ? escalation.get()::escalate : UnaryOperator.identity();
        Decision decision = VerdictComposer.compose(matches, policy, stricter, subject);
        if (countsTowardsEscalation) {
            escalation.ifPresent(e -> e.record(info.keyId(), decision.findings()));
        }
        if (!decision.ruleIds().isEmpty()) {
            // Rule ids only: the found text may itself be a secret.
            log.info("Request {}: safetysec {} on {} by policy {}{}: rules {}", info.requestId(),
                    outcome(decision.verdict()), subject, policy.name(), escalated ? " (escalated key)" : "",
                    decision.ruleIds());
        }
        return decision.verdict();
    }

    private static String outcome(Verdict verdict) {
        return switch (verdict) {
            case Verdict.Allow allow -> "allow";
            case Verdict.Observe observe -> "observe";
            case Verdict.Redact redact -> "redact";
            case Verdict.Block block -> "block";
        };
    }
}
