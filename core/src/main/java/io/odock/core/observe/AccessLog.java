package io.odock.core.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.core.usage.Attempt;
import io.odock.core.usage.UsageRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured JSON line per model call on the {@code odock.access} logger (its own file in {@code conf/logback.xml}):
 * who, what, where it went, how it ended, how long it took and how much of that was the gateway, tokens and cost.
 * Never prompts, completions or secrets: the line is built from the usage record, which holds none.
 */
public final class AccessLog {
    /** The logger's name, for the logging configuration. */
    public static final String LOGGER = "odock.access";
    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private final ObjectMapper json;

    /** Writes with this mapper. */
    public AccessLog(ObjectMapper json) {
        this.json = json;
    }

    /** Writes the line for a finished call. */
    public void write(UsageRecord call) {
        if (!log.isInfoEnabled()) {
            return;
        }
        ObjectNode line = json.createObjectNode();
        line.put("time", call.createdAt().toString());
        line.put("request_id", call.requestId());
        line.put("key_id", call.keyId());
        line.put("route", call.route());
        line.put("model", call.model());
        line.put("provider", call.providerId().orElse(null));
        line.put("deployment", call.providerId().map(p -> p + "/" + call.upstreamModel().orElse("")).orElse(null));
        line.put("status", call.status());
        line.put("error", call.errorCode().orElse(null));
        line.put("streamed", call.streamed());
        line.put("latency_ms", call.latencyMs());
        long upstreamMs = call.attempts().stream().mapToLong(Attempt::latencyMs).sum();
        if (!call.streamed()) {
            line.put("overhead_ms", Math.max(0, call.latencyMs() - upstreamMs));
        }
        line.put("attempts", call.attempts().size());
        line.put("input_tokens", call.inputTokens());
        line.put("output_tokens", call.outputTokens());
        line.put("cache_read_tokens", call.cacheReadTokens());
        line.put("cache_write_tokens", call.cacheWriteTokens());
        call.costUsd().ifPresent(usd -> line.put("cost_usd", usd));
        log.info("{}", line);
    }
}
