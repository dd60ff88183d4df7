package io.odock.core.http;

import io.odock.core.observe.GatewayMetrics;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /metrics}: the gateway's metrics in Prometheus' text format, unauthenticated like the health routes (it
 * shows key ids and model names, never secrets; keep it on a network only the scraper reaches).
 */
@Path("/metrics")
public final class MetricsResource {
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final GatewayMetrics metrics;

    /** Serves these metrics. */
    public MetricsResource(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * The exposition: OpenMetrics (with exemplars: the request id of each latency bucket's latest call) when the
     * scraper asks for it, as Prometheus does when exemplar storage is on; otherwise the classic text format.
     */
    @GET
    public Response scrape(@HeaderParam("Accept") String accept) {
        if (accept != null && accept.contains("application/openmetrics-text")) {
            return Response.ok(metrics.scrapeOpenMetrics(), OPEN_METRICS).build();
        }
        return Response.ok(metrics.scrape(), TEXT_FORMAT).build();
    }
}
