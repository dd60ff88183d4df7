package io.odock.core.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.audit.CallSummary;

import java.util.ArrayList;
import java.util.List;

/** Plugin executions as the {@code usage_records.plugin_events} column keeps them. */
final class PluginEventsJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PluginEventsJson() {
    }

    static String write(List<CallSummary.PluginExecution> executions) {
        return JsonColumns.text(json -> {
            json.writeStartArray();
            for (CallSummary.PluginExecution execution : executions) {
                json.writeStartObject();
                json.writeStringField("plugin", execution.plugin());
                json.writeStringField("moment", execution.moment());
                json.writeStringField("action", execution.action());
                json.writeFieldName("rules");
                JsonColumns.writeStrings(json, execution.rules());
                json.writeNumberField("duration_us", execution.durationUs());
                json.writeEndObject();
            }
            json.writeEndArray();
        });
    }

    static List<CallSummary.PluginExecution> read(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        try {
            List<CallSummary.PluginExecution> executions = new ArrayList<>();
            for (JsonNode node : JSON.readTree(text)) {
                List<String> rules = new ArrayList<>();
                node.path("rules").forEach(rule -> rules.add(rule.asText()));
                executions.add(new CallSummary.PluginExecution(node.path("plugin").asText(),
                        node.path("moment").asText(), node.path("action").asText(), rules,
                        node.path("duration_us").asLong()));
            }
            return executions;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("usage_records.plugin_events is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
