package io.odock.core.limits;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buckets in Redis, shared by every gateway instance using the same Redis, through Bucket4j's compare-and-swap
 * proxy over Lettuce. Keys are the bucket names and expire on their own.
 *
 * <p>Redis being down never stops the gateway from starting: the store connects lazily, retrying at most once per
 * second, and until it is connected every operation fails at once with {@link LimitBackendUnavailableException}.
 * Once connected, Lettuce reconnects by itself and rejects commands while disconnected instead of queueing them,
 * so callers never wait longer than the configured timeout.
 */
final class RedisBucketStore implements BucketStore {

    private static final Logger log = LoggerFactory.getLogger(RedisBucketStore.class);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    private static final Duration CONNECT_RETRY_PAUSE = Duration.ofSeconds(1);
    /** Forgetting an applied limit only costs one extra configuration write, so a crude bound is enough. */
    private static final int MAX_REMEMBERED_LIMITS = 100_000;

    private final RedisClient client;
    private final String endpoint;
    private final Duration timeout;
    private final ClockTimeMeter clock;
    private final AtomicReference<RedisSession> session = new AtomicReference<>();
    private final ReentrantLock connecting = new ReentrantLock();
    private volatile long nextConnectAttemptNanos = System.nanoTime();
    /** The limit this instance last wrote into each bucket's configuration, so it is rewritten only on change. */
    private final Map<String, Long> appliedLimits = new ConcurrentHashMap<>();

    private RedisBucketStore(RedisClient client, String endpoint, Duration timeout, Clock clock) {
        this.client = client;
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.clock = new ClockTimeMeter(clock);
    }

    /** A store for the Redis at {@code url}, connected if Redis answers now, otherwise later. */
    static RedisBucketStore open(String url, Duration timeout, Clock clock) {
        RedisURI uri = parse(url);
        uri.setTimeout(timeout);
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .build());
        // Host, port and database only: the URL may carry a password.
        String endpoint = uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
        RedisBucketStore store = new RedisBucketStore(client, endpoint, timeout, clock);
        store.connect();
        return store;
    }

    @Override
    public ConsumptionProbe tryConsume(BucketSpec spec, long tokens) {
        return guarded(() -> bucket(spec).tryConsumeAndReturnRemaining(tokens));
    }

    @Override
    public void giveBack(BucketSpec spec, long tokens) {
        guarded(() -> {
            bucket(spec).addTokens(tokens);
            return null;
        });
    }

    @Override
    public void forceConsume(BucketSpec spec, long tokens) {
        guarded(() -> bucket(spec).consumeIgnoringRateLimits(tokens));
    }

    @Override
    public boolean healthy() {
        RedisSession current = session.get() != null ? session.get() : connect();
        if (current == null) {
            return false;
        }
        try {
            String reply = current.connection().async().ping().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return "PONG".equals(reply);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public String backend() {
        return "redis";
    }

    @Override
    public void close() {
        RedisSession current = session.getAndSet(null);
        try {
            if (current != null) {
                current.connection().close();
            }
        } finally {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    private Bucket bucket(BucketSpec spec) {
        RedisSession current = session.get() != null ? session.get() : connect();
        if (current == null) {
            throw new LimitBackendUnavailableException("redis at " + endpoint + " is not connected");
        }
        Bucket bucket = current.managerFor(spec.kind()).builder().build(spec.name(), spec::configuration);
        Long applied = appliedLimits.get(spec.name());
        if (applied == null || applied != spec.limit()) {
            // Another instance, or this one before a restart, may have created the bucket with an older limit.
            // ADDITIVE keeps what was used: raising 100 -> 200 after 100 used leaves 100, lowering caps at the limit.
            bucket.replaceConfiguration(spec.configuration(), TokensInheritanceStrategy.ADDITIVE);
            if (appliedLimits.size() >= MAX_REMEMBERED_LIMITS) {
                appliedLimits.clear();
            }
            appliedLimits.put(spec.name(), spec.limit());
        }
        return bucket;
    }

    /** Connects unless connected, another thread is connecting, or the last attempt was too recent. */
    private RedisSession connect() {
        if (System.nanoTime() - nextConnectAttemptNanos < 0 || !connecting.tryLock()) {
            return session.get();
        }
        try {
            if (session.get() != null) {
                return session.get();
            }
            nextConnectAttemptNanos = System.nanoTime() + CONNECT_RETRY_PAUSE.toNanos();
            StatefulRedisConnection<String, byte[]> connection = client.connect(CODEC);
            RedisSession connected = RedisSession.over(connection, timeout, clock);
            session.set(connected);
            log.info("rate limits and quotas are kept in redis at {}", endpoint);
            return connected;
        } catch (RuntimeException e) {
            log.warn("cannot connect to redis at {} for rate limits: {}", endpoint, e.getMessage());
            return null;
        } finally {
            connecting.unlock();
        }
    }

    private <T> T guarded(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (LimitBackendUnavailableException | IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LimitBackendUnavailableException("redis at " + endpoint + " did not answer in time", e);
        }
    }

    private static RedisURI parse(String url) {
        try {
            return RedisURI.create(url);
        } catch (RuntimeException e) {
            // Neither the URL nor the parser's message is repeated: both may contain the password.
            throw new IllegalArgumentException("the redis url is not of the form redis://[:password@]host:port[/db]");
        }
    }
}
