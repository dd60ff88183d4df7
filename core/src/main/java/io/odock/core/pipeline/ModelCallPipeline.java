package io.odock.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.odock.core.auth.CallerAuthenticator;
import io.odock.core.config.ByokPolicy;
import io.odock.core.governance.Governor;
import io.odock.core.governance.Permit;
import io.odock.core.http.BodyMemory;
import io.odock.core.http.JsonBodyReader;
import io.odock.core.http.MultipartBodyReader;
import io.odock.core.keys.ApiKey;
import io.odock.core.observe.GatewayMetrics;
import io.odock.core.plugins.ExtensionRegistry;
import io.odock.core.routing.Deployment;
import io.odock.core.routing.LiveRouter;
import io.odock.core.routing.ModelRouter;
import io.odock.core.usage.Attempt;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.dialect.DialectTranslator;
import io.odock.spi.dialect.InboundCall;
import io.odock.spi.dialect.StreamEncoder;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.RawBody;
import io.odock.spi.model.RequestInfo;
import io.odock.spi.model.UpstreamTarget;
import io.odock.spi.model.Usage;
import io.odock.spi.provider.ProviderAdapter;
import io.odock.spi.stream.EventStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The request path of a model call (chat or embeddings), composed in one visible place:
 * authenticate, decode, admit, route, inspect, call, inspect, account, encode. Each step is a small class; this one
 * only orders them and records the outcome of every authenticated call, failed ones included.
 */
public final class ModelCallPipeline {
    private static final Logger log = LoggerFactory.getLogger(ModelCallPipeline.class);
    /** Lists, in one header, what an adapter left out of the request because its provider lacks it. */
    public static final String WARNING_HEADER = "x-odock-warning";
    /** A complete answer's time spent in the gateway itself, in milliseconds (its duration minus upstream attempts). */
    public static final String OVERHEAD_HEADER = "x-odock-overhead-ms";

    private final CallerAuthenticator authenticator;
    private final JsonBodyReader bodyReader;
    private final MultipartBodyReader multipartReader;
    private final ExtensionRegistry registry;
    private final LiveRouter routing;
    private final Inspections inspections;
    private final UsageAccountant accountant;
    private final BringYourOwnUpstream byok;
    private final GatewayMetrics metrics;
    private final Governor governor;
    private final long serverMaxBodyBytes;

    /** Wires the steps. */
    public ModelCallPipeline(CallerAuthenticator authenticator, JsonBodyReader bodyReader,
                             MultipartBodyReader multipartReader, ExtensionRegistry registry, LiveRouter routing,
                             Inspections inspections, UsageAccountant accountant, ByokPolicy byok,
                             GatewayMetrics metrics, Governor governor, long serverMaxBodyBytes) {
        this.governor = governor;
        this.serverMaxBodyBytes = serverMaxBodyBytes;
        this.authenticator = authenticator;
        this.bodyReader = bodyReader;
        this.multipartReader = multipartReader;
        this.registry = registry;
        this.routing = routing;
        this.inspections = inspections;
        this.accountant = accountant;
        this.byok = new BringYourOwnUpstream(byok);
        this.metrics = metrics;
    }

    /**
     * Handles one call on a route.
     *
     * @throws GatewayException for every refusal or failure before an answer started; the HTTP layer renders it in
     *                          the route's dialect
     */
    public PipelineResult handle(RouteSpec route, InboundRequest http) {
        long start = System.nanoTime();
        // One router for the whole call, even if a reload replaces it meanwhile.
        ModelRouter router = routing.current();
        DialectTranslator translator = registry.translator(route.dialect()).orElseThrow(() -> new GatewayException(503,
                ErrorCodes.NO_DEPLOYMENT_AVAILABLE, "No plugin for the '" + route.dialect() + "' dialect is loaded"));
        ApiKey key = authenticator.authenticate(http, route.credentials());
        Progress progress = new Progress(bodyReader.hold());
        MultipartBodyReader.Body uploads = null;
        boolean streamOwnsPermit = false;
        try {
            governor.checkCaller(key, http.clientIp(), http.contentLength());
            InboundCall call;
            long requestBytes;
            if (route.body() == RouteSpec.BodyKind.MULTIPART) {
                uploads = multipartReader.read(http.body(), http.header("content-type").orElse(""),
                        http.contentLength());
                call = new InboundCall(route.operation(), uploads.fields(), http.headers(), uploads.files(),
                        http.pathParameters(), queryWithoutCredential(http));
                // Uploaded files are priced by the audio seconds or images the provider reports, not as tokens.
                requestBytes = uploads.fields().toString().length();
            } else {
                com.fasterxml.jackson.databind.node.ObjectNode body = bodyReader.read(http.body(),
                        http.contentLength(), governor.maxBodyBytes(key, serverMaxBodyBytes), progress.bodyMemory);
                call = new InboundCall(route.operation(), body, http.headers(), List.of(), http.pathParameters(),
                        queryWithoutCredential(http));
                requestBytes = http.contentLength() > 0 ? http.contentLength() : body.toString().length();
            }
            // The body is read: from now on a closed connection means the caller hung up.
            http.client().watch();
            GatewayRequest request = translator.decode(call);
            progress.model = request.model();
            admit(key, request);
            progress.permit = governor.admit(key, request, requestBytes);
            UnaryOperator<UpstreamTarget> brought = byok.overrides(key, http);
            Optional<java.time.Duration> asked = request.timeout();
            // A caller may ask for less time than the operator allows, never more.
            progress.targets = target -> asked.map(brought.apply(target)::limitedTo).orElseGet(() -> brought.apply(target));
            RequestInfo info = new RequestInfo(http.requestId(), key.id(), key.name(), route.path(),
                    route.dialect(), http.clientIp(), key.owner().organization(), key.owner().team(),
                    key.owner().user(), PluginHeaders.of(http.headers()));
            request = inspections.beforeRouting(request, info, progress.trail);
            List<Deployment> deployments = router.route(request.model(), route.requirement(), request.provider());
            reserveBudget(key, http, request, deployments, progress, router);
            request = inspections.beforeUpstream(request, info, progress.trail);
            if (request.stream()) {
                PipelineResult result = stream(route, http, key, translator, request, deployments, info, start,
                        progress, router);
                streamOwnsPermit = true;
                return result;
            }
            return complete(route, http, key, translator, request, deployments, info, start, progress, router);
        } catch (GatewayException e) {
            GatewayException failure = e;
            Usage usage = progress.usage;
            boolean estimated = false;
            if (http.client().gone()) {
                // The upstream call was cancelled; what it had consumed is not reported, so the input is estimated.
                Thread.interrupted();
                failure = DeploymentCaller.clientDisconnected();
                if (usage.totalTokens() == 0 && progress.permit.estimatedInputTokens() > 0) {
                    usage = Usage.of(progress.permit.estimatedInputTokens(), 0);
                    estimated = true;
                }
            }
            accountant.account(new CallRecord(http.requestId(), key, route.path(), progress.model,
                    Optional.ofNullable(progress.deployment), failure.status(), Optional.of(failure.code()), usage,
                    false, start, progress.attempts, progress.permit, estimated, Optional.empty(), progress.trail));
            throw failure;
        } finally {
            if (!streamOwnsPermit) {
                // Whatever ended the call (an unexpected failure included), its slot and reservations are returned.
                progress.permit.release();
                progress.bodyMemory.close();
            }
            // Uploads have reached the upstream once the adapter returned (streams included): their files can go.
            if (uploads != null) {
                uploads.close();
            }
        }
    }

    /** The answer's headers, with {@code x-odock-warning} listing what the adapter left out of the request. */
    private static Map<String, String> withWarnings(Map<String, String> headers, List<String> warnings) {
        if (warnings.isEmpty()) {
            return headers;
        }
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(WARNING_HEADER, String.join("; ", warnings));
        return all;
    }

    /** What a call got to before it failed, so a failure is accounted with the tokens it already consumed. */
    private static final class Progress {
        private String model = "";
        private Deployment deployment;
        private Usage usage = Usage.none();
        private final List<Attempt> attempts = new ArrayList<>();
        private UnaryOperator<UpstreamTarget> targets = UnaryOperator.identity();
        private Permit permit = Permit.none();
        private final PluginTrail trail = new PluginTrail();
        /** The body's share of the memory budget, held while its tree may be in use: until the answer is out. */
        private final BodyMemory.Hold bodyMemory;

        private Progress(BodyMemory.Hold bodyMemory) {
            this.bodyMemory = bodyMemory;
        }
    }

    /**
     * Reserves the call's maximum cost on the key's budgets: its input estimate and output ceiling at the highest
     * price among the deployments that may serve it, held for the longest time one of them may take.
     */
    private void reserveBudget(ApiKey key, InboundRequest http, GatewayRequest request, List<Deployment> deployments,
                               Progress progress, ModelRouter router) {
        long input = progress.permit.estimatedInputTokens();
        long output = governor.maxOutputTokens(request, router.maxOutputTokens(request.model()));
        long maxCost = 0;
        java.time.Duration longest = java.time.Duration.ZERO;
        for (Deployment deployment : deployments) {
            if (deployment.pricing().isPresent()) {
                maxCost = Math.max(maxCost, deployment.pricing().get().maxCostNanos(input, output));
            }
            java.time.Duration timeout = deployment.target().timeout();
            longest = timeout.compareTo(longest) > 0 ? timeout : longest;
        }
        int tries = router.failover(request.model()).attempts(deployments.size());
        java.time.Duration holdFor = longest.multipliedBy(Math.max(1, tries)).plusMinutes(1);
        governor.reserve(progress.permit, key, http.requestId(), maxCost, holdFor);
    }

    /** The query as translators see it: a Gemini client's {@code ?key=} is the caller's Odock key, never theirs. */
    private static Map<String, String> queryWithoutCredential(InboundRequest http) {
        if (!http.query().containsKey("key")) {
            return http.query();
        }
        Map<String, String> query = new HashMap<>(http.query());
        query.remove("key");
        return query;
    }

    private static void admit(ApiKey key, GatewayRequest request) {
        if (!key.allowsModel(request.model())) {
            throw new GatewayException(403, ErrorCodes.MODEL_NOT_ALLOWED,
                    "This API key may not use the model '" + request.model() + "'").withDetail("param", "model");
        }
    }

    private PipelineResult complete(RouteSpec route, InboundRequest http, ApiKey key, DialectTranslator translator,
                                    GatewayRequest request, List<Deployment> deployments, RequestInfo info,
                                    long start, Progress progress, ModelRouter router) {
        DeploymentCaller.Served<GatewayResponse> served = DeploymentCaller.call(deployments,
                router.failover(request.model()), request, translator.dialect(), true, ProviderAdapter::complete,
                http.requestId(), router.latency(), router.health(), progress.attempts, progress.targets);
        // The upstream consumed these tokens whether or not SafetySec lets the answer out.
        progress.deployment = served.deployment();
        progress.usage = served.result().usage();
        GatewayResponse response = inspections.afterUpstream(served.request(), served.result(), info, progress.trail);
        Optional<RawBody> raw = translator.encodeRaw(served.request(), response);
        JsonNode body = raw.isPresent() ? null : translator.encode(served.request(), response);
        if (body instanceof com.fasterxml.jackson.databind.node.ObjectNode unified
                && translator.dialect().equals(io.odock.core.http.Dialects.ODOCK)) {
            // The unified answer is the gateway's own shape: it lists how the call was served.
            Attempt.writeAll(progress.attempts, unified.putArray("attempts"));
        }
        accountant.account(new CallRecord(http.requestId(), key, route.path(), request.model(),
                Optional.of(served.deployment()), 200, Optional.empty(), response.usage(), false, start,
                progress.attempts, progress.permit, false, response.providerRequestId(), progress.trail));
        Map<String, String> headers = new LinkedHashMap<>(withWarnings(served.headers(), response.warnings()));
        headers.putAll(progress.permit.headers());
        // The gateway's own share of the call, so its overhead can be checked from outside.
        long upstreamMs = progress.attempts.stream().mapToLong(Attempt::latencyMs).sum();
        headers.put(OVERHEAD_HEADER, Long.toString(Math.max(0, (System.nanoTime() - start) / 1_000_000 - upstreamMs)));
        return raw.<PipelineResult>map(bytes -> new PipelineResult.Bytes(200, bytes, headers))
                .orElseGet(() -> new PipelineResult.Json(200, body, headers));
    }

    private PipelineResult stream(RouteSpec route, InboundRequest http, ApiKey key, DialectTranslator translator,
                                  GatewayRequest request, List<Deployment> deployments, RequestInfo info,
                                  long start, Progress progress, ModelRouter router) {
        boolean rawEvents = !inspections.inspectsStreams();
        DeploymentCaller.Served<EventStream> served = DeploymentCaller.call(deployments,
                router.failover(request.model()), request, translator.dialect(), rawEvents, ProviderAdapter::stream,
                http.requestId(), router.latency(), router.health(), progress.attempts, progress.targets);
        GatewayRequest sent = served.request();
        long deadline = start + sent.requireUpstream().timeout().toNanos();
        StreamEncoder encoder = translator.streamEncoder(sent);
        StreamRelay relay = new StreamRelay(served.result(), encoder,
                inspections.forStream(sent, info, progress.trail), http.requestId(), deadline, http.client()::gone,
                (end) -> {
                    Usage usage = end.usage();
                    boolean estimated = false;
                    if (usage.totalTokens() == 0) {
                        // Cut before its usage arrived (or from a provider that never reports it): the estimate is
                        // recorded, settled and flagged, never zero.
                        if (end.errorCode().isEmpty()) {
                            log.warn("Request {}: the stream from {} reported no usage; recording an estimate",
                                    http.requestId(), served.deployment().provider().id());
                        }
                        usage = Usage.of(progress.permit.estimatedInputTokens(), end.outputEventsRelayed());
                        estimated = true;
                    }
                    accountant.account(new CallRecord(http.requestId(), key, route.path(), request.model(),
                            Optional.of(served.deployment()), 200, end.errorCode(), usage, true, start,
                            progress.attempts, progress.permit, estimated, end.providerRequestId(), progress.trail));
                });
        return new PipelineResult.EventStream(out -> {
            metrics.streamOpened();
            try {
                relay.writeTo(out);
            } finally {
                metrics.streamClosed();
                progress.bodyMemory.close();
            }
        }, encoder.framing(), withPermit(withWarnings(served.headers(), served.result().warnings()), progress.permit));
    }

    private static Map<String, String> withPermit(Map<String, String> headers, Permit permit) {
        if (permit.headers().isEmpty()) {
            return headers;
        }
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(permit.headers());
        return all;
    }
}
