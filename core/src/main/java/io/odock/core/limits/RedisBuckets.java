package io.odock.core.limits;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Buckets in Redis through Bucket4j's Lettuce proxy manager (compare-and-swap), shared by every instance. The
 * connection is made lazily and made again after a failure, at most once a second, so a gateway starts while Redis
 * is down and recovers when it returns; while it is down every lookup fails fast with
 * {@link LimitBackendUnavailableException} (commands are rejected, not queued, when disconnected).
 */
final class RedisBuckets implements BucketSource {
    private static final Logger log = LoggerFactory.getLogger(RedisBuckets.class);
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Buckets outlive their window by this much in Redis, so clock skew between instances cannot drop one early. */
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(10);

    private final RedisClient client;
    private final Duration timeout;
    private final Clock clock;
    private volatile StatefulRedisConnection<String, byte[]> connection;
    private volatile LettuceBasedProxyManager<String> proxies;
    private long nextAttemptNanos;

    RedisBuckets(String url, Duration timeout, Clock clock) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(timeout);
        this.client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public Bucket bucket(String name, BucketConfiguration configuration, Instant expiresAt) {
        return proxies().builder().build(name, () -> configuration);
    }

    private LettuceBasedProxyManager<String> proxies() {
        LettuceBasedProxyManager<String> ready = proxies;
        return ready != null ? ready : connect();
    }

    private synchronized LettuceBasedProxyManager<String> connect() {
        if (proxies != null) {
            return proxies;
        }
        long now = System.nanoTime();
        if (now - nextAttemptNanos < 0) {
            throw new LimitBackendUnavailableException("Redis is unreachable (retrying shortly)", null);
        }
        try {
            StatefulRedisConnection<String, byte[]> opened = client.connect(
                    RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
            connection = opened;
            proxies = Bucket4jLettuce.casBasedBuilder(opened)
                    .clientClock(new ClockTimeMeter(clock))
                    .requestTimeout(timeout)
                    .expirationAfterWrite(ExpirationAfterWriteStrategy
                            .basedOnTimeForRefillingBucketUpToMax(EXPIRY_MARGIN))
                    .build();
            log.info("Rate limits: connected to Redis");
            return proxies;
        } catch (RuntimeException e) {
            nextAttemptNanos = now + RETRY_NANOS;
            log.warn("Rate limits: cannot connect to Redis: {}", e.getMessage());
            throw new LimitBackendUnavailableException("Redis is unreachable", e);
        }
    }

    @Override
    public boolean healthy() {
        try {
            proxies();
            return "PONG".equalsIgnoreCase(connection.sync().ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, byte[]> open = connection;
        if (open != null) {
            open.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
