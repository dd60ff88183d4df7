package io.odock.core.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.core.budget.Money;
import io.odock.core.http.JsonEntity;
import io.odock.core.usage.UsageRecorder;
import io.odock.core.usage.UsageReport;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/v1/usage}: requests, tokens and spend summed over the usage records, filtered by {@code key},
 * {@code organization}, {@code team}, {@code user} and {@code model}, between {@code from} and {@code to} (dates,
 * UTC, both included; the last 30 days by default), grouped by {@code group_by} (a comma list of key, organization,
 * team, user, model, provider, day).
 */
@AdminApi
@Path("/admin/v1/usage")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminUsageResource {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AdminUsageResource.class);
    private final UsageRecorder recorder;
    private final UsageReport report;
    private final String currency;
    private final ObjectMapper json;

    /** Reports from the records this recorder writes. */
    public AdminUsageResource(UsageRecorder recorder, UsageReport report, String currency, ObjectMapper json) {
        this.recorder = recorder;
        this.report = report;
        this.currency = currency;
        this.json = json;
    }

    /** The report. */
    @GET
    public Response usage(@QueryParam("key") String key, @QueryParam("organization") String organization,
                          @QueryParam("team") String team, @QueryParam("user") String user,
                          @QueryParam("model") String model, @QueryParam("from") String from,
                          @QueryParam("to") String to, @QueryParam("group_by") String groupBy) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate first = date(from, "from", today.minusDays(29));
        LocalDate last = date(to, "to", today);
        if (last.isBefore(first)) {
            throw GatewayException.invalidRequest("'to' is before 'from'").withDetail("param", "to");
        }
        Map<UsageReport.Dimension, String> filters = new EnumMap<>(UsageReport.Dimension.class);
        putIfGiven(filters, UsageReport.Dimension.KEY, key);
        putIfGiven(filters, UsageReport.Dimension.ORGANIZATION, organization);
        putIfGiven(filters, UsageReport.Dimension.TEAM, team);
        putIfGiven(filters, UsageReport.Dimension.USER, user);
        putIfGiven(filters, UsageReport.Dimension.MODEL, model);
        List<UsageReport.Dimension> dimensions = new ArrayList<>();
        if (groupBy != null && !groupBy.isBlank()) {
            for (String name : groupBy.split(",")) {
                UsageReport.Dimension dimension = UsageReport.Dimension.fromWireName(name).orElseThrow(() ->
                        GatewayException.invalidRequest("'" + name.strip() + "' cannot be grouped by (key, "
                                + "organization, team, user, model, provider, day)").withDetail("param", "group_by"));
                if (!dimensions.contains(dimension)) {
                    dimensions.add(dimension);
                }
            }
        }
        List<UsageReport.Row> rows;
        try {
            // Records still queued are written first, so the report includes the calls that just ended.
            recorder.flush();
            rows = report.run(new UsageReport.Query(first.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), filters, dimensions));
        } catch (RuntimeException e) {
            log.warn("The usage report failed: {}", e.getMessage());
            throw new GatewayException(503, ErrorCodes.DATABASE_UNAVAILABLE,
                    "The usage records (the database) are unavailable; try again shortly");
        }
        ObjectNode answer = json.createObjectNode();
        answer.put("from", first.toString());
        answer.put("to", last.toString());
        answer.put("currency", currency);
        ArrayNode data = answer.putArray("data");
        for (UsageReport.Row row : rows) {
            ObjectNode node = data.addObject();
            row.group().forEach(node::put);
            node.put("requests", row.requests());
            node.put("errors", row.errors());
            node.put("input_tokens", row.inputTokens());
            node.put("output_tokens", row.outputTokens());
            node.put("cache_read_tokens", row.cacheReadTokens());
            node.put("cache_write_tokens", row.cacheWriteTokens());
            node.put("reasoning_tokens", row.reasoningTokens());
            node.put("estimated_requests", row.estimated());
            node.put("spend", Money.format(row.costNanos()));
        }
        return Response.ok(JsonEntity.of(json, answer)).build();
    }

    private static void putIfGiven(Map<UsageReport.Dimension, String> filters, UsageReport.Dimension dimension,
                                   String value) {
        if (value != null && !value.isBlank()) {
            filters.put(dimension, value.strip());
        }
    }

    private static LocalDate date(String value, String field, LocalDate otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw GatewayException.invalidRequest("'" + field + "' must be a date such as 2026-11-25")
                    .withDetail("param", field);
        }
    }
}
