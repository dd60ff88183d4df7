package io.odock.core.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.core.auth.CallerAuthenticator;
import io.odock.core.auth.CredentialSources;
import io.odock.core.budget.Money;
import io.odock.core.config.McpServerConfig;
import io.odock.core.governance.Governor;
import io.odock.core.governance.Permit;
import io.odock.core.http.BodyMemory;
import io.odock.core.http.JsonBodyReader;
import io.odock.core.keys.ApiKey;
import io.odock.core.pipeline.InboundRequest;
import io.odock.core.pipeline.Inspections;
import io.odock.core.pipeline.PluginTrail;
import io.odock.core.pipeline.UsageAccountant;
import io.odock.core.usage.McpUsage;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.model.ChatMessage;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.RequestInfo;
import io.odock.spi.stream.SseEvent;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The MCP gateway: a client's Streamable HTTP exchange with {@code /v1/mcp/{server}}, governed like a model call and
 * relayed to the configured server with the operator's credential. In order: the caller's key; the server's existence
 * (404 {@code mcp_not_found}) and the key's grant (403 {@code mcp_not_allowed}); for {@code tools/call}, the server's
 * and the key's tool rules (403 {@code mcp_tool_not_allowed}), the keyword guard (403 {@code mcp_guardrail_block})
 * and SafetySec on the arguments; rate limits, quotas and the budget reservation; the relay; then {@code tools/list}
 * filtered to the tools the key may call and SafetySec on tool results. Every POST leaves a usage record with the
 * method, tool, transport, bytes each way and the exact cost.
 */
public final class McpGateway {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final McpUpstreams upstreams;
    private final CallerAuthenticator authenticator;
    private final Governor governor;
    private final Inspections inspections;
    private final UsageAccountant accountant;
    private final JsonBodyReader bodyReader;
    private final long maxBodyBytes;

    /** Wires the parts; {@code bodyReader} reads messages under its memory budget, within {@code maxBodyBytes}. */
    public McpGateway(McpUpstreams upstreams, CallerAuthenticator authenticator, Governor governor,
                      Inspections inspections, UsageAccountant accountant, JsonBodyReader bodyReader,
                      long maxBodyBytes) {
        this.upstreams = upstreams;
        this.authenticator = authenticator;
        this.governor = governor;
        this.inspections = inspections;
        this.accountant = accountant;
        this.bodyReader = bodyReader;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** A client's JSON-RPC message. */
    public McpResult post(String serverId, InboundRequest http) {
        long start = System.nanoTime();
        ApiKey key = authenticator.authenticate(http, CredentialSources.BEARER);
        McpUpstreams.Entry entry = server(serverId, key);
        governor.checkCaller(key, http.clientIp(), http.contentLength());
        // The message and its upstream copy are large only until it is relayed (a streamed answer keeps the id alone).
        try (BodyMemory.Hold bodyMemory = bodyReader.hold()) {
            ObjectNode message = jsonRpc(bodyReader.read(http.body(), http.contentLength(),
                    governor.maxBodyBytes(key, maxBodyBytes), bodyMemory));
            return relay(serverId, http, key, entry, message, start);
        }
    }

    /** Governs and relays a message that was read. */
    private McpResult relay(String serverId, InboundRequest http, ApiKey key, McpUpstreams.Entry entry,
                            ObjectNode message, long start) {
        McpServerConfig server = entry.config();
        // The body is read: from now on a closed connection means the caller hung up.
        http.client().watch();
        String method = message.path("method").asText("");
        Optional<String> tool = method.equals("tools/call")
                ? Optional.ofNullable(message.path("params").path("name").textValue()) : Optional.empty();
        String route = "/v1/mcp/" + serverId;
        PluginTrail trail = new PluginTrail();
        RequestInfo info = new RequestInfo(http.requestId(), key.id(), key.name(), route, "odock", http.clientIp(),
                key.owner().organization(), key.owner().team(), key.owner().user(), Map.of());
        AtomicLong bytesIn = new AtomicLong();
        Permit permit = Permit.none();
        boolean handedToStream = false;
        try {
            if (tool.isPresent()) {
                checkToolCall(server, key, tool.get(), message, info, trail);
            }
            byte[] sent = JSON.writeValueAsBytes(message);
            bytesIn.set(sent.length);
            permit = governor.admit(key, governedRequest(serverId, tool), sent.length);
            reserve(permit, key, http.requestId(), server, tool.isPresent(), sent.length);
            McpAnswer answer = entry.upstream().post(sent, mcpHeaders(http));
            Context call = new Context(http, key, server, route, method, tool, bytesIn.get(), permit, trail, start,
                    info, message.get("id"));
            return switch (answer) {
                case McpAnswer.Json json -> complete(call, json);
                case McpAnswer.Empty empty -> {
                    call.account(empty.status() < 400 ? 200 : empty.status(), Optional.empty(), 0);
                    yield new McpResult(empty.status(), empty.headers(), null, null);
                }
                case McpAnswer.Events events -> {
                    handedToStream = true;
                    yield stream(call, events);
                }
            };
        } catch (GatewayException e) {
            accountFailure(http, key, server, route, method, tool, bytesIn.get(), permit, trail, start, e);
            throw e;
        } catch (IOException e) {
            GatewayException failure = http.client().gone()
                    ? new GatewayException(499, ErrorCodes.CLIENT_DISCONNECTED, "The client hung up")
                    : new GatewayException(502, ErrorCodes.MCP_UPSTREAM_ERROR, "The MCP server '" + serverId
                    + "' could not be reached or failed");
            accountFailure(http, key, server, route, method, tool, bytesIn.get(), permit, trail, start, failure);
            throw failure;
        } finally {
            if (!handedToStream) {
                permit.release();
            }
        }
    }

    /** The server's stream of messages for a session (relayed as it is; nothing to govern in it). */
    public McpResult get(String serverId, InboundRequest http) {
        ApiKey key = authenticator.authenticate(http, CredentialSources.BEARER);
        McpUpstreams.Entry entry = server(serverId, key);
        try {
            McpAnswer answer = entry.upstream().get(mcpHeaders(http));
            return switch (answer) {
                case McpAnswer.Events events -> new McpResult(events.status(), events.headers(), null, out -> {
                    try (McpAnswer.EventSource source = events.events()) {
                        Optional<SseEvent> event;
                        while ((event = source.next()).isPresent()) {
                            out.write(event.get().toWire());
                            out.flush();
                        }
                    }
                });
                case McpAnswer.Json json -> new McpResult(json.status(), json.headers(), json.body(), null);
                case McpAnswer.Empty empty -> new McpResult(empty.status(), empty.headers(), null, null);
            };
        } catch (IOException e) {
            throw new GatewayException(502, ErrorCodes.MCP_UPSTREAM_ERROR, "The MCP server '" + serverId
                    + "' could not be reached or failed");
        }
    }

    /** Ends a session. */
    public McpResult delete(String serverId, InboundRequest http) {
        ApiKey key = authenticator.authenticate(http, CredentialSources.BEARER);
        McpUpstreams.Entry entry = server(serverId, key);
        try {
            McpAnswer answer = entry.upstream().delete(mcpHeaders(http));
            return new McpResult(answer.status(), answer.headers(), null, null);
        } catch (IOException e) {
            throw new GatewayException(502, ErrorCodes.MCP_UPSTREAM_ERROR, "The MCP server '" + serverId
                    + "' could not be reached or failed");
        }
    }

    private McpUpstreams.Entry server(String serverId, ApiKey key) {
        McpUpstreams.Entry entry = upstreams.find(serverId).orElseThrow(() -> new GatewayException(404,
                ErrorCodes.MCP_NOT_FOUND, "No MCP server '" + serverId + "' is configured on this gateway"));
        if (!key.allowsMcpServer(serverId)) {
            throw new GatewayException(403, ErrorCodes.MCP_NOT_ALLOWED, "This API key may not use the MCP server '"
                    + serverId + "'");
        }
        return entry;
    }

    private void checkToolCall(McpServerConfig server, ApiKey key, String tool, ObjectNode message, RequestInfo info,
                               PluginTrail trail) {
        if (!McpToolRules.allows(server, key, tool)) {
            throw new GatewayException(403, ErrorCodes.MCP_TOOL_NOT_ALLOWED, "This API key may not call the tool '"
                    + tool + "' of the MCP server '" + server.id() + "'").withDetail("tool", tool);
        }
        JsonNode arguments = message.path("params").path("arguments");
        String text = arguments.isMissingNode() ? "" : arguments.toString();
        McpToolRules.guardHit(server, text).ifPresent(word -> {
            throw new GatewayException(403, ErrorCodes.MCP_GUARDRAIL_BLOCK, "The arguments of this call to '" + tool
                    + "' contain a phrase the MCP server's guard refuses").withDetail("tool", tool);
        });
        // SafetySec sees the arguments as the text of a request, and may redact or refuse them.
        GatewayRequest inspected = inspections.beforeUpstream(GatewayRequest.builder().model("mcp:" + server.id())
                .addMessage(ChatMessage.of("user", text)).build(), info, trail);
        String after = inspected.messages().getFirst().content();
        if (!after.equals(text) && message.path("params") instanceof ObjectNode params) {
            try {
                params.set("arguments", JSON.readTree(after));
            } catch (JsonProcessingException e) {
                throw new GatewayException(403, ErrorCodes.SAFETY_BLOCKED,
                        "The arguments of this tool call could not be safely redacted");
            }
        }
    }

    private static GatewayRequest governedRequest(String serverId, Optional<String> tool) {
        // Limits can target MCP servers and tools like models: 'mcp:github' or 'mcp:github/*' patterns.
        return GatewayRequest.builder().model("mcp:" + serverId + tool.map(t -> "/" + t).orElse("")).build();
    }

    private void reserve(Permit permit, ApiKey key, String requestId, McpServerConfig server, boolean toolCall,
                         long bytesIn) {
        BigDecimal most = cost(server, toolCall, bytesIn, server.maxOutputBytes());
        governor.reserve(permit, key, requestId, Money.parse(most.setScale(9, java.math.RoundingMode.CEILING)
                .toPlainString()), server.timeout().plusMinutes(1));
    }

    /** The exact cost of a call: per call (tools/call only) and per byte each way. */
    static BigDecimal cost(McpServerConfig server, boolean toolCall, long bytesIn, long bytesOut) {
        BigDecimal cost = BigDecimal.ZERO;
        if (toolCall) {
            cost = cost.add(server.perCall().orElse(BigDecimal.ZERO));
        }
        cost = cost.add(server.perInputByte().orElse(BigDecimal.ZERO).multiply(BigDecimal.valueOf(bytesIn)));
        return cost.add(server.perOutputByte().orElse(BigDecimal.ZERO).multiply(BigDecimal.valueOf(bytesOut)));
    }

    private static boolean priced(McpServerConfig server) {
        return server.perCall().isPresent() || server.perInputByte().isPresent() || server.perOutputByte().isPresent();
    }

    private static Map<String, String> pricing(McpServerConfig server) {
        Map<String, String> pricing = new LinkedHashMap<>();
        server.perCall().ifPresent(p -> pricing.put("per_call", p.toPlainString()));
        server.perInputByte().ifPresent(p -> pricing.put("per_input_byte", p.toPlainString()));
        server.perOutputByte().ifPresent(p -> pricing.put("per_output_byte", p.toPlainString()));
        return pricing;
    }

    private static Map<String, String> mcpHeaders(InboundRequest http) {
        Map<String, String> headers = new HashMap<>();
        for (String name : HttpMcpUpstream.MCP_HEADERS) {
            http.header(name).ifPresent(value -> headers.put(name, value));
        }
        return headers;
    }

    private static ObjectNode jsonRpc(ObjectNode object) {
        if (!"2.0".equals(object.path("jsonrpc").asText())) {
            throw GatewayException.invalidRequest("The body must be one JSON-RPC 2.0 message (an object with "
                    + "\"jsonrpc\": \"2.0\")");
        }
        return object;
    }

    private McpResult complete(Context call, McpAnswer.Json json) throws IOException {
        byte[] body = json.body();
        if (json.status() == 200) {
            JsonNode message = JSON.readTree(body);
            JsonNode governed = governAnswer(call, message);
            if (governed != message) {
                body = JSON.writeValueAsBytes(governed);
            }
            call.account(200, message.has("error") ? Optional.of("mcp_error") : Optional.empty(),
                    json.body().length);
            return new McpResult(200, json.headers(), body, null);
        }
        if (json.status() == 401 || json.status() == 403 || json.status() >= 500) {
            // The operator's credential or the server failed: the client can do nothing about it.
            throw new GatewayException(502, ErrorCodes.MCP_UPSTREAM_ERROR, "The MCP server '" + call.server.id()
                    + "' answered HTTP " + json.status());
        }
        call.account(json.status(), Optional.of("mcp_http_" + json.status()), body.length);
        return new McpResult(json.status(), json.headers(), body, null);
    }

    private McpResult stream(Context call, McpAnswer.Events events) {
        return new McpResult(events.status(), events.headers(), null, out -> {
            long bytesOut = 0;
            int status = 200;
            Optional<String> error = Optional.empty();
            try (McpAnswer.EventSource source = events.events()) {
                Optional<SseEvent> event;
                while ((event = source.next()).isPresent()) {
                    bytesOut += event.get().data().getBytes(StandardCharsets.UTF_8).length;
                    SseEvent relayed = event.get();
                    JsonNode message = parse(relayed.data());
                    if (message != null && isAnswerTo(message, call.requestIdNode)) {
                        try {
                            JsonNode governed = governAnswer(call, message);
                            if (governed != message) {
                                relayed = new SseEvent(relayed.event(), governed.toString());
                            }
                        } catch (GatewayException e) {
                            // Too late for an HTTP error: the answer becomes a JSON-RPC error in the stream.
                            status = e.status();
                            error = Optional.of(e.code());
                            relayed = new SseEvent(relayed.event(), rpcError(call.requestIdNode, e).toString());
                        }
                    }
                    out.write(relayed.toWire());
                    out.flush();
                }
            } catch (IOException e) {
                status = call.http.client().gone() ? 499 : 502;
                error = Optional.of(status == 499 ? ErrorCodes.CLIENT_DISCONNECTED : ErrorCodes.MCP_UPSTREAM_ERROR);
                throw e;
            } finally {
                call.account(status, error, bytesOut);
                call.permit.release();
            }
        });
    }

    /** {@code tools/list} filtered to what the key may call; SafetySec on {@code tools/call} results. */
    private JsonNode governAnswer(Context call, JsonNode message) {
        if (call.method.equals("tools/list") && message.path("result").path("tools").isArray()) {
            ObjectNode copy = message.deepCopy();
            ArrayNode tools = (ArrayNode) copy.path("result").path("tools");
            for (int i = tools.size() - 1; i >= 0; i--) {
                String name = tools.get(i).path("name").asText();
                if (!McpToolRules.allows(call.server, call.key, name)) {
                    tools.remove(i);
                }
            }
            return copy;
        }
        if (call.tool.isPresent() && message.path("result").path("content").isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode item : message.path("result").path("content")) {
                if (item.path("type").asText().equals("text")) {
                    text.append(item.path("text").asText()).append('\n');
                }
            }
            GatewayResponse inspected = inspections.afterUpstream(GatewayRequest.builder()
                            .model("mcp:" + call.server.id()).build(),
                    GatewayResponse.builder().provider("mcp").model(call.tool.get()).content(text.toString()).build(),
                    call.info, call.trail);
            if (!inspected.content().equals(text.toString())) {
                ObjectNode copy = message.deepCopy();
                ArrayNode content = copy.with("result").withArray("content");
                content.removeAll();
                content.addObject().put("type", "text").put("text", inspected.content().strip());
                return copy;
            }
        }
        return message;
    }

    private static boolean isAnswerTo(JsonNode message, JsonNode id) {
        return id != null && message.has("id") && !message.has("method") && message.get("id").equals(id);
    }

    private static JsonNode parse(String data) {
        try {
            return JSON.readTree(data);
        } catch (IOException e) {
            return null;
        }
    }

    private static ObjectNode rpcError(JsonNode id, GatewayException e) {
        ObjectNode error = JSON.createObjectNode().put("jsonrpc", "2.0");
        error.set("id", id);
        error.putObject("error").put("code", -32001).put("message", e.getMessage())
                .putObject("data").put("code", e.code());
        return error;
    }

    private void accountFailure(InboundRequest http, ApiKey key, McpServerConfig server, String route, String method,
                                Optional<String> tool, long bytesIn, Permit permit, PluginTrail trail, long start,
                                GatewayException e) {
        accountant.accountMcp(http.requestId(), key, route, server.id(), new McpUsage(method, tool,
                        server.transport().name().toLowerCase(Locale.ROOT), bytesIn, 0), e.status(),
                Optional.of(e.code()), Optional.empty(), pricing(server), start, permit, trail);
    }

    /** One call in flight, for accounting when it ends. */
    private final class Context {
        private final InboundRequest http;
        private final ApiKey key;
        private final McpServerConfig server;
        private final String route;
        private final String method;
        private final Optional<String> tool;
        private final long bytesIn;
        private final Permit permit;
        private final PluginTrail trail;
        private final long start;
        private final RequestInfo info;
        private final JsonNode requestIdNode;

        Context(InboundRequest http, ApiKey key, McpServerConfig server, String route, String method,
                Optional<String> tool, long bytesIn, Permit permit, PluginTrail trail, long start, RequestInfo info,
                JsonNode requestIdNode) {
            this.http = http;
            this.key = key;
            this.server = server;
            this.route = route;
            this.method = method;
            this.tool = tool;
            this.bytesIn = bytesIn;
            this.permit = permit;
            this.trail = trail;
            this.start = start;
            this.info = info;
            this.requestIdNode = requestIdNode;
        }

        void account(int status, Optional<String> error, long bytesOut) {
            Optional<Long> nanos = priced(server) ? Optional.of(Money.parse(cost(server, tool.isPresent(), bytesIn,
                    bytesOut).setScale(9, java.math.RoundingMode.CEILING).toPlainString())) : Optional.empty();
            accountant.accountMcp(http.requestId(), key, route, server.id(), new McpUsage(method, tool,
                            server.transport().name().toLowerCase(Locale.ROOT), bytesIn, bytesOut), status, error,
                    nanos, pricing(server), start, permit, trail);
        }
    }
}
