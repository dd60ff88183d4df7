package io.odock.core.keys;

import io.odock.core.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Odock API keys: creation (the secret is returned once and only its hash is stored), listing, revocation, and
 * authentication against the in-memory {@link KeyRegistry}. A background task picks up keys created or revoked by
 * other instances and writes last-used times behind; a database outage only delays both.
 */
public final class KeyService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KeyService.class);
    /** Changes are polled with this overlap, so a write committed late within the same instant is not missed. */
    private static final Duration POLL_OVERLAP = Duration.ofSeconds(2);

    private final KeyStore store;
    private final KeyRegistry registry = new KeyRegistry();
    private final Map<String, Instant> pendingLastUsed = new ConcurrentHashMap<>();
    /** Caches that must be current before a key changed elsewhere is accepted here (its limits, its budget). */
    private final List<Runnable> refreshedBeforeKeys = new CopyOnWriteArrayList<>();
    /**
     * Orders this instance's writes against the refresh: a refresh that read a key before a write here (a
     * revocation, say) must not publish that older row over the newer one. Never taken on the request path.
     */
    private final Object writes = new Object();
    private final Clock clock;
    private final ScheduledExecutorService background;
    private volatile Instant lastPoll;

    KeyService(KeyStore store, Clock clock, Duration refreshInterval) {
        this.store = store;
        this.clock = clock;
        this.lastPoll = clock.instant();
        for (KeyStore.StoredKey stored : store.findAll()) {
            registry.put(stored.key(), stored.hash());
        }
        this.background = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "odock-keys");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(100, refreshInterval.toMillis());
        background.scheduleWithFixedDelay(this::refreshQuietly, period, period, TimeUnit.MILLISECONDS);
        log.info("Loaded {} API key(s)", registry.size());
    }

    /** Loads every key and starts the background refresh. */
    public static KeyService start(Database database, Duration refreshInterval) {
        return start(database, refreshInterval, Clock.systemUTC());
    }

    /** Loads every key and starts the background refresh, telling time (expiry) by this clock. */
    public static KeyService start(Database database, Duration refreshInterval, Clock clock) {
        return new KeyService(new KeyStore(database.sessions()), clock, refreshInterval);
    }

    /** The outcome of checking a presented key. */
    public sealed interface Authentication {
        /** A valid, active key. */
        record Authenticated(ApiKey key) implements Authentication {
        }

        /** A key that exists but was revoked. */
        record Revoked(ApiKey key) implements Authentication {
        }

        /** A key that exists but has passed its expiry. */
        record Expired(ApiKey key) implements Authentication {
        }

        /** Not a key of this gateway. */
        record Unknown() implements Authentication {
        }
    }

    /**
     * A newly created key and its secret, which exists only here: it is not stored.
     *
     * @param key    the key
     * @param secret the secret to hand to the user once
     */
    public record CreatedKey(ApiKey key, String secret) {
        @Override
        public String toString() {
            return "CreatedKey[key=" + key + ", secret=****]";
        }
    }

    /** Creates a key with a name and model list and nothing else. */
    public CreatedKey create(String name, List<String> models) {
        return create(KeySpec.named(name, models));
    }

    /** Creates a key that may also let its callers bring their own upstream key or base URL. */
    public CreatedKey create(String name, List<String> models, boolean allowByok) {
        KeySpec named = KeySpec.named(name, models);
        return create(new KeySpec(named.name(), named.owner(), named.models(), named.mcpServers(), allowByok,
                named.policy(), named.expiresAt()));
    }

    /** Creates a key; its secret is in the answer and nowhere else. */
    public CreatedKey create(KeySpec spec) {
        return create(spec, id -> { });
    }

    /**
     * Creates a key, first handing its id to {@code attachFirst} to store what governs it (limits, budget). The
     * key row is written last: another instance that sees the key can then also see what governs it (see
     * {@link #refreshBefore(Runnable)}), so the key is never usable anywhere without its limits.
     */
    public CreatedKey create(KeySpec spec, Consumer<String> attachFirst) {
        String secret = KeySecrets.newSecret();
        String hash = KeySecrets.hash(secret);
        ApiKey key = new ApiKey(KeySecrets.newId(), spec.name(), KeySecrets.displayPrefix(secret), spec.owner(),
                spec.models(), spec.mcpServers(), spec.allowByok(), spec.policy(), KeyState.ACTIVE, now(),
                spec.expiresAt(), Optional.empty(), Optional.empty(), Optional.empty());
        synchronized (writes) {
            attachFirst.accept(key.id());
            store.insert(key, hash);
            registry.put(key, hash);
        }
        log.info("Created API key {} ({})", key.id(), key.name());
        return new CreatedKey(key, secret);
    }

    /** Replaces what an operator may change on a key (its id, secret, state and history stay). Empty if unknown. */
    public Optional<ApiKey> update(String id, KeySpec spec) {
        Optional<ApiKey> current = find(id);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        ApiKey was = current.get();
        ApiKey changed = new ApiKey(was.id(), spec.name(), was.prefix(), spec.owner(), spec.models(),
                spec.mcpServers(), spec.allowByok(), spec.policy(), was.state(), was.createdAt(), spec.expiresAt(),
                was.lastUsedAt(), was.revokedAt(), was.rotatedAt());
        synchronized (writes) {
            store.update(changed, now());
            reload(id);
        }
        log.info("Updated API key {}", id);
        return find(id);
    }

    /**
     * Gives a key a new secret in place: same id, so its limits, budgets and history stay; the old secret stops
     * working at once here and within one refresh interval on other instances. Empty for an unknown id.
     */
    public Optional<CreatedKey> rotate(String id) {
        String secret = KeySecrets.newSecret();
        synchronized (writes) {
            if (!store.rotate(id, KeySecrets.hash(secret), KeySecrets.displayPrefix(secret), now())) {
                return Optional.empty();
            }
            reload(id);
        }
        log.info("Rotated the secret of API key {}", id);
        return find(id).map(key -> new CreatedKey(key, secret));
    }

    /** Makes a revoked key work again. Empty for an unknown id; idempotent. */
    public Optional<ApiKey> unrevoke(String id) {
        synchronized (writes) {
            if (store.unrevoke(id, now())) {
                log.info("Restored API key {}", id);
            }
            reload(id);
        }
        return find(id);
    }

    /** The key with this id as the database has it (not for the request path). */
    public Optional<ApiKey> find(String id) {
        flushLastUsed();
        return store.findById(id).map(KeyStore.StoredKey::key);
    }

    private void reload(String id) {
        store.findById(id).ifPresent(stored -> registry.put(stored.key(), stored.hash()));
    }

    /** Every key, newest first, with last-used times as stored (pending ones flushed first). */
    public List<ApiKey> list() {
        flushLastUsed();
        return store.findAll().stream().map(KeyStore.StoredKey::key).toList();
    }

    /** Revokes a key; it is refused from the next request on. Empty for an unknown id; idempotent. */
    public Optional<ApiKey> revoke(String id) {
        synchronized (writes) {
            if (store.revoke(id, now())) {
                log.info("Revoked API key {}", id);
            }
            reload(id);
        }
        return find(id);
    }

    /** Checks a presented secret, in memory only. */
    public Authentication authenticate(String secret) {
        Optional<ApiKey> key = registry.find(secret);
        if (key.isEmpty()) {
            return new Authentication.Unknown();
        }
        if (key.get().state() != KeyState.ACTIVE) {
            return new Authentication.Revoked(key.get());
        }
        return key.get().isExpiredAt(clock.instant())
                ? new Authentication.Expired(key.get()) : new Authentication.Authenticated(key.get());
    }

    /** Notes that a key was used now; written to the database in the background. */
    public void markUsed(String keyId) {
        pendingLastUsed.put(keyId, now());
    }

    /** Now, at the millisecond precision the database keeps. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Has {@code refresh} run whenever keys changed elsewhere are picked up, before they are accepted here. What
     * governs a key is written before the key row, and this refresh starts after the key row was read, so it sees
     * at least what was written for that key.
     */
    public void refreshBefore(Runnable refresh) {
        refreshedBeforeKeys.add(refresh);
    }

    /** Picks up changes made through other instances, and writes pending last-used times. */
    void refresh() {
        Instant now = clock.instant();
        synchronized (writes) {
            List<KeyStore.StoredKey> changed = store.findChangedSince(lastPoll.minus(POLL_OVERLAP));
            if (!changed.isEmpty()) {
                // A failure here leaves lastPoll as it was, so the same keys are tried again in the next interval.
                refreshedBeforeKeys.forEach(Runnable::run);
            }
            for (KeyStore.StoredKey stored : changed) {
                registry.put(stored.key(), stored.hash());
            }
        }
        lastPoll = now;
        flushLastUsed();
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("Refreshing API keys from the database failed; retrying in the next interval: {}",
                    e.getMessage());
        }
    }

    private void flushLastUsed() {
        if (pendingLastUsed.isEmpty()) {
            return;
        }
        Map<String, Instant> batch = new HashMap<>();
        for (String id : List.copyOf(pendingLastUsed.keySet())) {
            Instant at = pendingLastUsed.remove(id);
            if (at != null) {
                batch.put(id, at);
            }
        }
        try {
            store.touchLastUsed(batch);
        } catch (RuntimeException e) {
            batch.forEach((id, at) -> pendingLastUsed.merge(id, at, (a, b) -> a.isAfter(b) ? a : b));
            throw e;
        }
    }

    /** Stops the background task and writes the pending last-used times. */
    @Override
    public void close() {
        background.shutdownNow();
        try {
            flushLastUsed();
        } catch (RuntimeException e) {
            log.warn("Could not write the last-used times of {} key(s) on shutdown: {}", pendingLastUsed.size(),
                    e.getMessage());
        }
    }
}
