package io.odock.core.observe;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.core.usage.Attempt;
import io.odock.core.usage.UsageRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

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
        log.info(line(call));
    }

    /**
     * The line, written field by field with a generator: building a tree and letting the logger format it showed in
     * profiles of the request path, and the line is the logger's message as it stands (no placeholders to expand).
     */
    String line(UsageRecord call) {
        StringWriter text = new StringWriter(512);
        try (JsonGenerator line = json.getFactory().createGenerator(text)) {
            line.writeStartObject();
            line.writeStringField("time", call.createdAt().toString());
            line.writeStringField("request_id", call.requestId());
            line.writeStringField("key_id", call.keyId());
            line.writeStringField("route", call.route());
            line.writeStringField("model", call.model());
            line.writeStringField("provider", call.providerId().orElse(null));
            line.writeStringField("deployment",
                    call.providerId().map(p -> p + "/" + call.upstreamModel().orElse("")).orElse(null));
            line.writeNumberField("status", call.status());
            line.writeStringField("error", call.errorCode().orElse(null));
            line.writeBooleanField("streamed", call.streamed());
            line.writeNumberField("latency_ms", call.latencyMs());
            if (!call.streamed()) {
                long upstreamMs = 0;
                for (Attempt attempt : call.attempts()) {
                    upstreamMs += attempt.latencyMs();
                }
                line.writeNumberField("overhead_ms", Math.max(0, call.latencyMs() - upstreamMs));
            }
            line.writeNumberField("attempts", call.attempts().size());
            line.writeNumberField("input_tokens", call.inputTokens());
            line.writeNumberField("output_tokens", call.outputTokens());
            line.writeNumberField("cache_read_tokens", call.cacheReadTokens());
            line.writeNumberField("cache_write_tokens", call.cacheWriteTokens());
            if (call.costUsd().isPresent()) {
                line.writeNumberField("cost_usd", call.costUsd().get());
            }
            line.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an access-log line to memory", e);
        }
        return text.toString();
    }
}
