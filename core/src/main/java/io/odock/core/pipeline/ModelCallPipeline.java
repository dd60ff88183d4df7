package io.odock.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.odock.core.auth.CallerAuthenticator;
import io.odock.core.config.ByokPolicy;
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

    /** Wires the steps. */
    public ModelCallPipeline(CallerAuthenticator authenticator, JsonBodyReader bodyReader,
                             MultipartBodyReader multipartReader, ExtensionRegistry registry, LiveRouter routing,
                             Inspections inspections, UsageAccountant accountant, ByokPolicy byok,
                             GatewayMetrics metrics) {
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
        Progress progress = new Progress();
        MultipartBodyReader.Body uploads = null;
        try {
            InboundCall call;
            if (route.body() == RouteSpec.BodyKind.MULTIPART) {
                uploads = multipartReader.read(http.body(), http.header("content-type").orElse(""),
                        http.contentLength());
                call = new InboundCall(route.operation(), uploads.fields(), http.headers(), uploads.files(),
                        http.pathParameters(), queryWithoutCredential(http));
            } else {
                call = new InboundCall(route.operation(), bodyReader.read(http.body(), http.contentLength()),
                        http.headers(), List.of(), http.pathParameters(), queryWithoutCredential(http));
            }
            GatewayRequest request = translator.decode(call);
            progress.model = request.model();
            admit(key, request);
            UnaryOperator<UpstreamTarget> brought = byok.overrides(key, http);
            Optional<java.time.Duration> asked = request.timeout();
            // A caller may ask for less time than the operator allows, never more.
            progress.targets = target -> asked.map(brought.apply(target)::limitedTo).orElseGet(() -> brought.apply(target));
            RequestInfo info = new RequestInfo(http.requestId(), key.id(), key.name(), route.path(),
                    route.dialect(), http.clientIp());
            request = inspections.beforeRouting(request, info);
            List<Deployment> deployments = router.route(request.model(), route.requirement(), request.provider());
            request = inspections.beforeUpstream(request, info);
            return request.stream()
                    ? stream(route, http, key, translator, request, deployments, info, start, progress, router)
                    : complete(route, http, key, translator, request, deployments, info, start, progress, router);
        } catch (GatewayException e) {
            accountant.account(new CallRecord(http.requestId(), key, route.path(), progress.model,
                    Optional.ofNullable(progress.deployment), e.status(), Optional.of(e.code()), progress.usage,
                    false, start, progress.attempts));
            throw e;
        } finally {
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
        GatewayResponse response = inspections.afterResponse(served.request(), served.result(), info);
        Optional<RawBody> raw = translator.encodeRaw(served.request(), response);
        JsonNode body = raw.isPresent() ? null : translator.encode(served.request(), response);
        accountant.account(new CallRecord(http.requestId(), key, route.path(), request.model(),
                Optional.of(served.deployment()), 200, Optional.empty(), response.usage(), false, start,
                progress.attempts));
        Map<String, String> headers = new LinkedHashMap<>(withWarnings(served.headers(), response.warnings()));
        // The gateway's own share of the call, so its overhead can be checked from outside.
        long upstreamMs = progress.attempts.stream().mapToLong(Attempt::latencyMs).sum();
        headers.put(OVERHEAD_HEADER, Long.toString(Math.max(0, (System.nanoTime() - start) / 1_000_000 - upstreamMs)));
        return raw.<PipelineResult>map(bytes -> new PipelineResult.Bytes(200, bytes, headers))
                .orElseGet(() -> new PipelineResult.Json(200, body, headers));
    }

    private PipelineResult stream(RouteSpec route, InboundRequest http, ApiKey key, DialectTranslator translator,
                                  GatewayRequest request, List<Deployment> deployments, RequestInfo info,
                                  long start, Progress progress, ModelRouter router) {
        boolean rawEvents = !registry.inspectsStreams();
        DeploymentCaller.Served<EventStream> served = DeploymentCaller.call(deployments,
                router.failover(request.model()), request, translator.dialect(), rawEvents, ProviderAdapter::stream,
                http.requestId(), router.latency(), router.health(), progress.attempts, progress.targets);
        GatewayRequest sent = served.request();
        long deadline = start + sent.requireUpstream().timeout().toNanos();
        StreamEncoder encoder = translator.streamEncoder(sent);
        StreamRelay relay = new StreamRelay(served.result(), encoder,
                inspections.forStream(sent, info), http.requestId(), deadline, (usage, errorCode) -> {
                    if (usage.totalTokens() == 0 && errorCode.isEmpty()) {
                        log.warn("Request {}: the stream from {} reported no usage", http.requestId(),
                                served.deployment().provider().id());
                    }
                    accountant.account(new CallRecord(http.requestId(), key, route.path(), request.model(),
                            Optional.of(served.deployment()), 200, errorCode, usage, true, start,
                            progress.attempts));
                });
        return new PipelineResult.EventStream(out -> {
            metrics.streamOpened();
            try {
                relay.writeTo(out);
            } finally {
                metrics.streamClosed();
            }
        }, encoder.framing(), withWarnings(served.headers(), served.result().warnings()));
    }
}
