package io.odock.spi;

/**
 * The stable, machine-readable error codes the gateway returns in every dialect's error shape. Clients branch on
 * these, so a code never changes meaning once released. Plugins should use these codes when they fit and may define
 * their own (lower-case, underscore-separated) otherwise.
 */
public final class ErrorCodes {
    /** 400: the body is not valid JSON. */
    public static final String INVALID_JSON = "invalid_json";
    /** 400: a field is missing, of the wrong type or out of range. */
    public static final String INVALID_REQUEST = "invalid_request";
    /** 401: no credential was sent. */
    public static final String MISSING_API_KEY = "missing_api_key";
    /** 401: the credential is not an Odock key this gateway knows. */
    public static final String INVALID_API_KEY = "invalid_api_key";
    /** 401: the key was revoked. */
    public static final String API_KEY_REVOKED = "api_key_revoked";
    /** 401: the key has passed its expiry. */
    public static final String API_KEY_EXPIRED = "api_key_expired";
    /** 403: the caller's address is not allowed to use the key (its IP allow or deny list). */
    public static final String IP_NOT_ALLOWED = "ip_not_allowed";
    /** 403: the key may not use the requested MCP server. */
    public static final String MCP_NOT_ALLOWED = "mcp_not_allowed";
    /** 404: no MCP server with that id is configured. */
    public static final String MCP_NOT_FOUND = "mcp_not_found";
    /** 403: the tool may not be called, by the server's or the key's tool rules. */
    public static final String MCP_TOOL_NOT_ALLOWED = "mcp_tool_not_allowed";
    /** 403: a tool call's arguments contain a word the server's guard refuses. */
    public static final String MCP_GUARDRAIL_BLOCK = "mcp_guardrail_block";
    /** 502: the MCP server failed, could not be reached, or answered something that is not MCP. */
    public static final String MCP_UPSTREAM_ERROR = "mcp_upstream_error";
    /** 400: the request asks for more output tokens than the key's {@code max_tokens} ceiling. */
    public static final String MAX_TOKENS_EXCEEDED = "max_tokens_exceeded";
    /** 429: a requests- or tokens-per-minute limit of the key's principal chain is used up for now. */
    public static final String RATE_LIMIT_EXCEEDED = "rate_limit_exceeded";
    /** 429: a daily or monthly quota of the key's principal chain is exhausted until its window ends. */
    public static final String QUOTA_EXCEEDED = "quota_exceeded";
    /** 429: the key already has its maximum number of requests in flight. */
    public static final String CONCURRENCY_LIMIT_EXCEEDED = "concurrency_limit_exceeded";
    /** 402: the request could cost more than what is left of a budget of the key's principal chain. */
    public static final String BUDGET_EXCEEDED = "budget_exceeded";
    /** 503: the rate-limit backend (Redis) cannot be reached, so the request cannot be metered. */
    public static final String RATE_LIMIT_UNAVAILABLE = "rate_limit_unavailable";
    /** 503: the budget ledger (the database) cannot be reached, so the request's cost cannot be reserved. */
    public static final String BUDGET_UNAVAILABLE = "budget_unavailable";
    /** 503: the gateway's database is unavailable for an admin read or write; try again shortly. */
    public static final String DATABASE_UNAVAILABLE = "database_unavailable";
    /** 503: usage records cannot be written and their buffer is full, so no more requests are admitted. */
    public static final String USAGE_BUFFER_FULL = "usage_buffer_full";
    /** 401: the admin API was called without the right admin token. */
    public static final String ADMIN_UNAUTHORIZED = "admin_unauthorized";
    /** 400: a configuration reload was refused because the file is invalid; the running configuration stays. */
    public static final String INVALID_CONFIG = "invalid_config";
    /** 403: the key may not use the requested model. */
    public static final String MODEL_NOT_ALLOWED = "model_not_allowed";
    /** 403: the caller sent its own upstream key or base URL, which its Odock key is not allowed to do. */
    public static final String BYOK_NOT_ALLOWED = "byok_not_allowed";
    /** 400: the caller's own upstream base URL is not on the operator's allow-list, or points into a private network. */
    public static final String BASE_URL_NOT_ALLOWED = "base_url_not_allowed";
    /** 403: a blocking plugin refused the request, with its reason. */
    public static final String PLUGIN_BLOCKED = "plugin_blocked";
    /** 403: a blocking plugin refused the request (the code blockers used before {@code plugin_blocked}). */
    public static final String REQUEST_BLOCKED = "request_blocked";
    /** 403: a SafetySec filter refused the request or the answer. */
    public static final String SAFETY_BLOCKED = "safety_blocked";
    /** 400: the model name is not configured. */
    public static final String MODEL_NOT_FOUND = "model_not_found";
    /** 400: the route's required provider type cannot serve this request (provider mismatch). */
    public static final String PROVIDER_NOT_ALLOWED = "provider_not_allowed";
    /** 404: no such route or resource. */
    public static final String NOT_FOUND = "not_found";
    /** 405: the route exists but not for this HTTP method. */
    public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
    /** 413: the body is larger than {@code server.maxBodyBytes}. */
    public static final String REQUEST_TOO_LARGE = "request_too_large";
    /** 415: the body's content type is not one the route accepts. */
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
    /** 406: the client does not accept any type the route produces. */
    public static final String NOT_ACCEPTABLE = "not_acceptable";
    /** 429: the upstream provider rate-limited the call. */
    public static final String UPSTREAM_RATE_LIMITED = "upstream_rate_limited";
    /** 502: the upstream provider failed or answered something the gateway could not read. */
    public static final String UPSTREAM_ERROR = "upstream_error";
    /** 502: the upstream provider could not be reached. */
    public static final String UPSTREAM_UNREACHABLE = "upstream_unreachable";
    /** 504: the upstream provider did not answer in time. */
    public static final String UPSTREAM_TIMEOUT = "upstream_timeout";
    /** 503: no deployment can serve the model right now. */
    public static final String NO_DEPLOYMENT_AVAILABLE = "no_deployment_available";
    /**
     * 499: the client closed the connection before its answer was complete. Never sent (nobody is listening); it is
     * what usage records, metrics and the access log say about such a call, whose upstream call was cancelled.
     */
    public static final String CLIENT_DISCONNECTED = "client_disconnected";
    /** 503: the gateway is stopping and takes no new requests; another instance (or a retry shortly) serves it. */
    public static final String GATEWAY_STOPPING = "gateway_stopping";
    /**
     * 503: the gateway holds as many large request bodies as its memory allows ({@code server.bodyMemoryBytes});
     * retry after the {@code Retry-After} delay. Bodies up to 64 KiB are never refused with it.
     */
    public static final String GATEWAY_OVERLOADED = "gateway_overloaded";
    /** 500: a plugin failed while handling the request. */
    public static final String PLUGIN_ERROR = "plugin_error";
    /** 500: an unexpected gateway failure; details are in the gateway log under the request id. */
    public static final String INTERNAL_ERROR = "internal_error";

    private ErrorCodes() {
    }
}
