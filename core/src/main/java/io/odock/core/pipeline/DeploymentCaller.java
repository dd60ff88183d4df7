package io.odock.core.pipeline;

import io.odock.core.config.FailoverConfig;
import io.odock.core.config.FailoverTrigger;
import io.odock.core.routing.Deployment;
import io.odock.core.routing.DeploymentHealth;
import io.odock.core.routing.LatencyTracker;
import io.odock.core.usage.Attempt;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.UpstreamTarget;
import io.odock.spi.provider.ProviderAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * Step 6: calls the deployments in the strategy's order until one answers, and reports each answer's latency. A
 * failure is tried again only when it is one of the model's failover triggers, happened before anything reached the
 * client (the adapter has not returned), and was the upstream's doing: an error the request itself caused is answered
 * at once. Retries walk the deployments in order, starting over at the first, with exponential backoff and jitter,
 * honouring an upstream's {@code Retry-After} when the next try goes to the deployment that sent it.
 */
final class DeploymentCaller {
    private static final Logger log = LoggerFactory.getLogger(DeploymentCaller.class);

    private DeploymentCaller() {
    }

    /**
     * The first successful call's result.
     *
     * @param deployments in order of preference; never empty
     * @param failover    the model's failover settings
     * @param request     the routed request without a target
     * @param dialect     the client's dialect, to decide passthrough per deployment
     * @param rawEvents   whether raw stream events are acceptable (false when SafetySec inspects streams)
     * @param call        {@code adapter.complete} or {@code adapter.stream}
     * @param attempts    receives every attempt, failed ones included, for the usage record
     * @param targets     the caller's own upstream key or base URL, applied to each deployment's target
     */
    static <T> Served<T> call(List<Deployment> deployments, FailoverConfig failover, GatewayRequest request,
                              String dialect, boolean rawEvents, BiFunction<ProviderAdapter, GatewayRequest, T> call,
                              String requestId, LatencyTracker latency, DeploymentHealth health,
                              List<Attempt> attempts, UnaryOperator<UpstreamTarget> targets) {
        int allowed = failover.attempts(deployments.size());
        for (int attempt = 1; ; attempt++) {
            Deployment deployment = deployments.get((attempt - 1) % deployments.size());
            GatewayRequest routed = request.toBuilder()
                    .upstream(targets.apply(deployment.target()))
                    .passthrough(rawEvents && dialect.equals(deployment.provider().type()))
                    .build();
            long started = System.nanoTime();
            try {
                T result = call.apply(deployment.binding().adapter(), routed);
                // For a stream this is the time to the upstream's first byte, which is what least-latency compares.
                long took = System.nanoTime() - started;
                latency.record(deployment, took);
                health.succeeded(deployment);
                attempts.add(new Attempt(deployment.provider().id(), deployment.upstreamModel(), true,
                        Optional.empty(), took / 1_000_000));
                return new Served<>(deployment, routed, result, attempt);
            } catch (GatewayException e) {
                if (Thread.currentThread().isInterrupted()) {
                    // The client hung up and the call was cancelled: no failover, and no blame on the deployment.
                    attempts.add(new Attempt(deployment.provider().id(), deployment.upstreamModel(), false,
                            Optional.of(ErrorCodes.CLIENT_DISCONNECTED), (System.nanoTime() - started) / 1_000_000));
                    throw clientDisconnected();
                }
                attempts.add(new Attempt(deployment.provider().id(), deployment.upstreamModel(), false,
                        Optional.of(e.code()), (System.nanoTime() - started) / 1_000_000));
                Optional<FailoverTrigger> trigger = trigger(e);
                if (trigger.isPresent()) {
                    health.failed(deployment, failover.cooldownAfter(), failover.cooldown());
                } else {
                    health.succeeded(deployment);
                }
                boolean retry = attempt < allowed && trigger.isPresent()
                        && (failover.on().contains(trigger.get()) || failover.on().contains(FailoverTrigger.ANY));
                if (trigger.isEmpty() || !retry) {
                    if (trigger.isPresent()) {
                        log.warn("Request {}: deployment {}/{} failed ({} {}) on attempt {} of {}; giving up",
                                requestId, deployment.provider().id(), deployment.upstreamModel(), e.status(),
                                e.code(), attempt, allowed);
                    }
                    throw e;
                }
                // Retry-After speaks for the deployment that sent it: another deployment is tried without waiting it out.
                Deployment next = deployments.get(attempt % deployments.size());
                Duration wait = backoff(failover, attempt,
                        next == deployment ? e.retryAfter() : Optional.empty());
                log.warn("Request {}: deployment {}/{} failed ({} {}) on attempt {} of {}; trying again in {} ms",
                        requestId, deployment.provider().id(), deployment.upstreamModel(), e.status(), e.code(),
                        attempt, allowed, wait.toMillis());
                sleep(wait);
            } catch (RuntimeException | LinkageError e) {
                log.error("Request {}: provider plugin for '{}' failed", requestId, deployment.provider().type(), e);
                throw new GatewayException(500, ErrorCodes.PLUGIN_ERROR,
                        "The provider plugin failed while calling the upstream");
            }
        }
    }

    /** Which failover trigger an upstream failure is; empty for a failure the request itself caused. */
    static Optional<FailoverTrigger> trigger(GatewayException e) {
        return switch (e.code()) {
            case ErrorCodes.UPSTREAM_UNREACHABLE -> Optional.of(FailoverTrigger.CONNECT);
            case ErrorCodes.UPSTREAM_TIMEOUT -> Optional.of(FailoverTrigger.TIMEOUT);
            case ErrorCodes.UPSTREAM_RATE_LIMITED -> Optional.of(FailoverTrigger.RATE_LIMIT);
            case ErrorCodes.UPSTREAM_ERROR -> {
                Object status = e.details().get("upstream_status");
                // No status: the upstream answered something unreadable or broke off, a server-side failure.
                boolean serverSide = !(status instanceof Integer code) || code >= 500;
                yield Optional.of(serverSide ? FailoverTrigger.SERVER_ERROR : FailoverTrigger.ANY);
            }
            default -> Optional.empty();
        };
    }

    /** {@code backoff × 2^(attempt-1)} with jitter, at least the upstream's Retry-After, at most maxBackoff. */
    static Duration backoff(FailoverConfig failover, int attempt, Optional<Duration> retryAfter) {
        long base = failover.backoff().toMillis() << Math.min(20, attempt - 1);
        long jittered = base == 0 ? 0 : ThreadLocalRandom.current().nextLong(base / 2, base + 1);
        long wanted = Math.max(jittered, retryAfter.map(Duration::toMillis).orElse(0L));
        return Duration.ofMillis(Math.min(wanted, failover.maxBackoff().toMillis()));
    }

    private static void sleep(Duration wait) {
        if (wait.isZero()) {
            return;
        }
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw clientDisconnected();
        }
    }

    /** What a call whose client hung up ends with (only ever recorded: nobody reads the answer). */
    static GatewayException clientDisconnected() {
        return new GatewayException(499, ErrorCodes.CLIENT_DISCONNECTED,
                "The client closed the connection before the answer was complete");
    }

    /**
     * A successful call.
     *
     * @param deployment the deployment that answered
     * @param request    the request as sent to it
     * @param result     what the adapter returned
     * @param attempts   how many attempts it took, this one included
     */
    record Served<T>(Deployment deployment, GatewayRequest request, T result, int attempts) {
        /** The response headers that tell the client which deployment answered and after how many attempts. */
        java.util.Map<String, String> headers() {
            return java.util.Map.of("x-odock-provider", deployment.provider().id(),
                    "x-odock-deployment", deployment.provider().id() + "/" + deployment.upstreamModel(),
                    "x-odock-attempts", Integer.toString(attempts));
        }
    }
}
