package io.odock.core.pipeline;

import io.odock.core.routing.Deployment;
import io.odock.core.routing.LatencyTracker;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.provider.ProviderAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.BiFunction;

/**
 * Step 6: calls the deployments in the strategy's order until one answers, and reports each answer's latency. It moves on only when nothing has reached the client yet
 * and the failure is the upstream's (unreachable, timed out, 5xx, rate limited); an error caused by the request
 * itself is answered at once.
 */
final class DeploymentCaller {
    private static final Logger log = LoggerFactory.getLogger(DeploymentCaller.class);

    private DeploymentCaller() {
    }

    /**
     * The first successful call's result.
     *
     * @param deployments in order of preference; never empty
     * @param request     the routed request without a target
     * @param dialect     the client's dialect, to decide passthrough per deployment
     * @param rawEvents   whether raw stream events are acceptable (false when SafetySec inspects streams)
     * @param call        {@code adapter.complete} or {@code adapter.stream}
     */
    static <T> Served<T> call(List<Deployment> deployments, GatewayRequest request, String dialect, boolean rawEvents,
                              BiFunction<ProviderAdapter, GatewayRequest, T> call, String requestId,
                              LatencyTracker latency) {
        GatewayException last = null;
        for (Deployment deployment : deployments) {
            GatewayRequest routed = request.toBuilder()
                    .upstream(deployment.target())
                    .passthrough(rawEvents && dialect.equals(deployment.provider().type()))
                    .build();
            long started = System.nanoTime();
            try {
                T result = call.apply(deployment.binding().adapter(), routed);
                // For a stream this is the time to the upstream's first byte, which is what least-latency compares.
                latency.record(deployment, System.nanoTime() - started);
                return new Served<>(deployment, routed, result);
            } catch (GatewayException e) {
                if (!isUpstreamFailure(e)) {
                    throw e;
                }
                log.warn("Request {}: deployment {}/{} failed ({} {}){}", requestId, deployment.provider().id(),
                        deployment.upstreamModel(), e.status(), e.code(),
                        deployment == deployments.getLast() ? "" : "; trying the next deployment");
                last = e;
            } catch (RuntimeException | LinkageError e) {
                log.error("Request {}: provider plugin for '{}' failed", requestId, deployment.provider().type(), e);
                throw new GatewayException(500, ErrorCodes.PLUGIN_ERROR,
                        "The provider plugin failed while calling the upstream");
            }
        }
        throw last;
    }

    private static boolean isUpstreamFailure(GatewayException e) {
        return switch (e.code()) {
            case ErrorCodes.UPSTREAM_ERROR, ErrorCodes.UPSTREAM_UNREACHABLE, ErrorCodes.UPSTREAM_TIMEOUT,
                 ErrorCodes.UPSTREAM_RATE_LIMITED -> true;
            default -> false;
        };
    }

    /**
     * A successful call.
     *
     * @param deployment the deployment that answered
     * @param request    the request as sent to it
     * @param result     what the adapter returned
     */
    record Served<T>(Deployment deployment, GatewayRequest request, T result) {
    }
}
