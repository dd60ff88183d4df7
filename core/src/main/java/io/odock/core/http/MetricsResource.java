package io.odock.core.http;

import io.odock.core.observe.GatewayMetrics;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /metrics}: the gateway's metrics in Prometheus' text format, unauthenticated like the health routes (it
 * shows key ids and model names, never secrets; keep it on a network only the scraper reaches).
 */
@Path("/metrics")
public final class MetricsResource {
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private final GatewayMetrics metrics;

    /** Serves these metrics. */
    public MetricsResource(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    /** The exposition. */
    @GET
    public Response scrape() {
        return Response.ok(metrics.scrape(), TEXT_FORMAT).build();
    }
}
