package io.odock.core.governance;

import io.odock.core.budget.Budget;
import io.odock.core.budget.BudgetBook;
import io.odock.core.budget.BudgetExceededException;
import io.odock.core.budget.BudgetLedger;
import io.odock.core.budget.Reservation;
import io.odock.core.budget.BudgetUnavailableException;
import io.odock.core.budget.Money;
import io.odock.core.config.BudgetsConfig;
import io.odock.core.config.RateLimitConfig;
import io.odock.core.keys.ApiKey;
import io.odock.core.keys.KeyPolicy;
import io.odock.core.limits.Admission;
import io.odock.core.limits.LimitBackendUnavailableException;
import io.odock.core.limits.LimitOutcome;
import io.odock.core.limits.LimitRule;
import io.odock.core.limits.RateLimiter;
import io.odock.core.observe.GatewayMetrics;
import io.odock.core.usage.UsageRecorder;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.model.GatewayRequest;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The admit step of the request path: the key's policy (addresses, body size, {@code max_tokens}, concurrency), then
 * rate limits and quotas on every level of its principal chain, then budget reservations. Every refusal is a
 * {@link GatewayException} in the gateway's codes; a dependency that cannot meter the request (Redis, the database,
 * a full usage buffer) refuses it with 503 rather than admitting it unmetered.
 */
public final class Governor {
    private final RateLimiter limiter;
    private final LimitBook limits;
    private final BudgetBook budgets;
    private final BudgetLedger ledger;
    private final UsageRecorder usage;
    private final Supplier<RateLimitConfig> rateLimitConfig;
    private final BudgetsConfig budgetsConfig;
    private final GatewayMetrics metrics;
    private final ConcurrencyGate gate = new ConcurrencyGate();

    /** Wires the parts; {@code rateLimitConfig} is read per request so a reload's new defaults apply at once. */
    public Governor(RateLimiter limiter, LimitBook limits, BudgetBook budgets, BudgetLedger ledger, UsageRecorder usage,
                    Supplier<RateLimitConfig> rateLimitConfig, BudgetsConfig budgetsConfig, GatewayMetrics metrics) {
        this.limiter = limiter;
        this.limits = limits;
        this.budgets = budgets;
        this.ledger = ledger;
        this.usage = usage;
        this.rateLimitConfig = rateLimitConfig;
        this.budgetsConfig = budgetsConfig;
        this.metrics = metrics;
    }

    /**
     * Checks who may call before the body is read: the key's IP lists and its body size ceiling.
     *
     * @throws GatewayException 403 {@code ip_not_allowed}, 413 {@code request_too_large}
     */
    public void checkCaller(ApiKey key, String clientIp, long contentLength) {
        KeyPolicy policy = key.policy();
        if (!policy.admitsAddress(clientIp)) {
            throw new GatewayException(403, ErrorCodes.IP_NOT_ALLOWED,
                    "This API key may not be used from this address");
        }
        policy.maxRequestBytes().filter(max -> contentLength > max).ifPresent(max -> {
            throw new GatewayException(413, ErrorCodes.REQUEST_TOO_LARGE,
                    "The request body is larger than this API key allows (" + max + " bytes)");
        });
    }

    /** The largest body this key may send, within the server's own ceiling. */
    public long maxBodyBytes(ApiKey key, long serverMax) {
        return Math.min(serverMax, key.policy().maxRequestBytes().orElse(serverMax));
    }

    /**
     * Admits a decoded request: {@code max_tokens} ceiling, usage buffer, concurrency, then rate limits and quotas.
     * The returned permit must be settled or released exactly once.
     *
     * @param requestBytes the body's size, from which input tokens are estimated
     * @throws GatewayException 400 {@code max_tokens_exceeded}, 429 {@code concurrency_limit_exceeded},
     *                          {@code rate_limit_exceeded} or {@code quota_exceeded}, 503 {@code usage_buffer_full}
     *                          or {@code rate_limit_unavailable}
     */
    public Permit admit(ApiKey key, GatewayRequest request, long requestBytes) {
        KeyPolicy policy = key.policy();
        policy.maxTokens().ifPresent(max -> request.maxTokens().filter(asked -> asked > max).ifPresent(asked -> {
            throw new GatewayException(400, ErrorCodes.MAX_TOKENS_EXCEEDED, "This API key allows at most " + max
                    + " output tokens per request; the request asks for " + asked).withDetail("param", "max_tokens");
        }));
        if (!usage.hasRoom()) {
            metrics.governanceUnavailable(ErrorCodes.USAGE_BUFFER_FULL);
            throw new GatewayException(503, ErrorCodes.USAGE_BUFFER_FULL, "The gateway cannot record usage right "
                    + "now (its database is unavailable and its buffer is full); try again shortly")
                    .withRetryAfter(Duration.ofSeconds(5));
        }
        boolean slot = false;
        if (policy.maxConcurrentRequests().isPresent()) {
            int max = policy.maxConcurrentRequests().get();
            if (!gate.tryEnter(key.id(), max)) {
                metrics.limitRefused("api_key", "concurrent_requests");
                throw new GatewayException(429, ErrorCodes.CONCURRENCY_LIMIT_EXCEEDED, "This API key already has "
                        + max + " request(s) in flight, its maximum; retry when one has finished")
                        .withDetail("scope", "api_key").withDetail("limit", "concurrent_requests")
                        .withDetail("retry_after", 1).withRetryAfter(Duration.ofSeconds(1));
            }
            slot = true;
        }
        long inputEstimate = TokenEstimate.inputTokens(requestBytes);
        long tokenEstimate = inputEstimate + request.maxTokens().map(max -> (long) max * request.choices()).orElse(0L);
        Admission admission;
        try {
            List<LimitRule> rules = limits.rulesFor(key.chain(), rateLimitConfig.get().keyDefaults());
            admission = rules.isEmpty() ? Admission.none() : limiter.admit(rules, request.model(), tokenEstimate);
        } catch (LimitBackendUnavailableException e) {
            leave(key, slot);
            metrics.governanceUnavailable(ErrorCodes.RATE_LIMIT_UNAVAILABLE);
            throw new GatewayException(503, ErrorCodes.RATE_LIMIT_UNAVAILABLE, "The gateway cannot check rate limits "
                    + "right now (its rate-limit store is unavailable); try again shortly")
                    .withRetryAfter(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            leave(key, slot);
            throw e;
        }
        if (admission.refusal().isPresent()) {
            leave(key, slot);
            throw refusal(admission, admission.refusal().get());
        }
        Permit permit = new Permit(key.id(), gate, slot, limiter, admission, ledger, inputEstimate);
        RateLimitHeaders.of(admission).forEach(permit::addHeader);
        for (LimitOutcome shadow : admission.shadowExceeded()) {
            String scope = shadow.rule().scope().kind().wireName();
            metrics.shadowExceeded(scope, shadow.rule().kind().wireName());
            permit.addEvent(scope + ":" + shadow.rule().kind().wireName());
        }
        if (!permit.events().isEmpty()) {
            permit.addHeader(SHADOW_HEADER, String.join(", ", permit.events()));
        }
        return permit;
    }

    /** Lists the shadow-mode limits and budgets a request exceeded (it was admitted anyway). */
    public static final String SHADOW_HEADER = "x-odock-shadow-exceeded";
    /** Names a budget whose warning threshold the request's spending has reached. */
    public static final String BUDGET_WARNING_HEADER = "x-odock-budget-warning";

    /**
     * Reserves the request's maximum cost on every budget of the key's chain, before any upstream call.
     *
     * @param maxCostNanos the most the call can cost (its input estimate and output ceiling at the highest price of
     *                     the deployments that may serve it)
     * @param holdFor      how long the reservation holds if this instance dies before settling it
     * @throws GatewayException 402 {@code budget_exceeded}, 503 {@code budget_unavailable}
     */
    public void reserve(Permit permit, ApiKey key, String requestId, long maxCostNanos, Duration holdFor) {
        List<Budget> matching = budgets.budgetsFor(key.chain().scopes());
        if (matching.isEmpty()) {
            return;
        }
        Reservation reservation;
        try {
            // At least one nano, so that a spent budget refuses even a call whose price is unknown.
            reservation = ledger.reserve(ReservationIds.next(requestId), matching, Math.max(1, maxCostNanos), holdFor);
        } catch (BudgetExceededException e) {
            permit.release();
            Budget budget = e.budget();
            metrics.budgetRefused(budget.scope().kind().wireName());
            GatewayException refusal = new GatewayException(402, ErrorCodes.BUDGET_EXCEEDED, "This request could "
                    + "exceed the " + budget.period().wireName() + " budget of " + budget.scope().kind().wireName()
                    + " '" + budget.scope().id() + "': " + Money.format(e.remainingNanos()) + " " + budget.currency()
                    + " left of " + Money.format(budget.amountNanos()) + " " + budget.currency())
                    .withDetail("scope", budget.scope().kind().wireName())
                    .withDetail("scope_id", budget.scope().id())
                    .withDetail("budget", Money.format(budget.amountNanos()))
                    .withDetail("remaining", Money.format(e.remainingNanos()))
                    .withDetail("currency", budget.currency())
                    .withDetail("period", budget.period().wireName());
            if (e.periodEnd().isPresent()) {
                refusal = refusal.withDetail("resets_at", e.periodEnd().get().toString());
            }
            throw refusal;
        } catch (BudgetUnavailableException e) {
            permit.release();
            metrics.governanceUnavailable(ErrorCodes.BUDGET_UNAVAILABLE);
            throw new GatewayException(503, ErrorCodes.BUDGET_UNAVAILABLE, "The gateway cannot check budgets right "
                    + "now (its database is unavailable); try again shortly").withRetryAfter(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            permit.release();
            throw e;
        }
        permit.reserved(reservation);
        for (Budget shadow : reservation.shadowExceeded()) {
            metrics.shadowExceeded(shadow.scope().kind().wireName(), "budget");
            permit.addEvent(shadow.scope().kind().wireName() + ":budget");
        }
        if (!reservation.shadowExceeded().isEmpty()) {
            permit.addHeader(SHADOW_HEADER, String.join(", ", permit.events()));
        }
        if (!reservation.warnings().isEmpty()) {
            StringBuilder warning = new StringBuilder();
            for (Reservation.BudgetWarning reached : reservation.warnings()) {
                warning.append(warning.isEmpty() ? "" : ", ").append(reached.budget().scope()).append(' ')
                        .append(reached.percent()).append("%");
            }
            permit.addHeader(BUDGET_WARNING_HEADER, warning.toString());
        }
    }

    /** The output tokens a request may produce at most, for its reservation. */
    public long maxOutputTokens(GatewayRequest request, java.util.Optional<Integer> modelCap) {
        long perChoice = request.maxTokens().map(Integer::longValue)
                .or(() -> modelCap.map(Integer::longValue)).orElse((long) budgetsConfig.defaultMaxOutputTokens());
        return perChoice * Math.max(1, request.choices());
    }

    /** The currency of prices and budgets. */
    public String currency() {
        return budgetsConfig.currency();
    }

    /** Whether the rate-limit backend answers (always for the local one). */
    public boolean rateLimitBackendHealthy() {
        return limiter.healthy();
    }

    private void leave(ApiKey key, boolean slot) {
        if (slot) {
            gate.leave(key.id());
        }
    }

    private GatewayException refusal(Admission admission, LimitOutcome refused) {
        LimitRule rule = refused.rule();
        String scope = rule.scope().kind().wireName();
        metrics.limitRefused(scope, rule.kind().wireName());
        long retrySeconds = Math.max(1, (refused.resetAfter().toMillis() + 999) / 1000);
        boolean quota = rule.kind().isQuota();
        String what = rule.model().map(model -> " for models '" + model + "'").orElse("");
        GatewayException error = new GatewayException(429,
                quota ? ErrorCodes.QUOTA_EXCEEDED : ErrorCodes.RATE_LIMIT_EXCEEDED,
                (quota ? "Quota exhausted" : "Rate limit reached") + " for " + scope + " '" + rule.scope().id() + "'"
                        + what + ": " + rule.limit() + " " + rule.kind().wireName() + ". Retry in " + retrySeconds
                        + " s.")
                .withDetail("scope", scope)
                .withDetail("limit", rule.kind().wireName())
                .withDetail("limit_value", rule.limit())
                .withDetail("retry_after", retrySeconds)
                .withRetryAfter(Duration.ofSeconds(retrySeconds));
        if (rule.model().isPresent()) {
            error = error.withDetail("model", rule.model().get());
        }
        for (var header : RateLimitHeaders.of(admission).entrySet()) {
            error = error.withHeader(header.getKey(), header.getValue());
        }
        return error;
    }
}
