package io.odock.core.limits;

import io.odock.core.keys.Scope;
import io.odock.core.keys.ScopeKind;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;

/** Opens limiters on either backend for tests; the Redis one must be reachable or the test fails. */
final class Limiters {

    static final String REDIS_URL = System.getenv().getOrDefault("ODOCK_TEST_REDIS_URL", "redis://127.0.0.1:6379");
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private Limiters() {
    }

    static RateLimiter open(String backend, Clock clock) {
        LimiterSettings settings = switch (backend) {
            case "local" -> new LimiterSettings(LimiterSettings.Backend.LOCAL, Optional.empty(),
                    Duration.ofMillis(500), PARIS, clock);
            case "redis" -> new LimiterSettings(LimiterSettings.Backend.REDIS, Optional.of(REDIS_URL),
                    Duration.ofMillis(500), PARIS, clock);
            default -> throw new IllegalArgumentException(backend);
        };
        RateLimiter limiter = RateLimiters.open(settings);
        if (!limiter.healthy()) {
            limiter.close();
            throw new AssertionError(backend + " limiter is not healthy; is redis running at " + REDIS_URL + "?");
        }
        return limiter;
    }

    /** A scope no other test run uses, so runs never collide in the shared Redis. */
    static Scope randomScope(ScopeKind kind) {
        return new Scope(kind, "t-" + UUID.randomUUID());
    }

    static LimitRule rule(Scope scope, LimitKind kind, long limit) {
        return new LimitRule(scope, kind, limit, Optional.empty(), false);
    }
}
