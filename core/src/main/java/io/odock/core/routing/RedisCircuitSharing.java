package io.odock.core.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Circuits shared through Redis, for instances that share a rate-limit Redis: an instance that opens or closes a
 * deployment's circuit publishes it on {@value #CHANNEL}, and every other instance applies it to its router in force.
 * An open circuit is also kept as a key that expires with its cool-down, so an instance that starts (or reconnects)
 * later learns which deployments are cooling down. Redis being away only makes circuits per instance again for a
 * while; it never fails a call.
 */
public final class RedisCircuitSharing implements CircuitSharing, AutoCloseable {
    static final String CHANNEL = "odock:circuits";
    private static final String KEY_PREFIX = "odock:circuit:";
    private static final Logger log = LoggerFactory.getLogger(RedisCircuitSharing.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String instance = UUID.randomUUID().toString();
    private final RedisClient client;
    private final LiveRouter routing;
    private final ScheduledExecutorService connector;
    private volatile StatefulRedisConnection<String, String> commands;
    private volatile StatefulRedisPubSubConnection<String, String> subscription;

    /** Connects (now, or in the background until Redis answers) and starts listening. */
    public RedisCircuitSharing(String url, Duration timeout, LiveRouter routing) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(timeout);
        this.client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        this.routing = routing;
        this.connector = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "odock-circuits");
            thread.setDaemon(true);
            return thread;
        });
        connector.execute(this::connect);
    }

    private void connect() {
        try {
            StatefulRedisPubSubConnection<String, String> listening = client.connectPubSub();
            listening.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    apply(message);
                }
            });
            listening.sync().subscribe(CHANNEL);
            subscription = listening;
            commands = client.connect();
            catchUp();
            log.info("Deployment circuits are shared through Redis");
        } catch (RuntimeException e) {
            log.warn("Cannot share deployment circuits through Redis yet ({}); retrying in 5 s", e.getMessage());
            closeConnections();
            connector.schedule(this::connect, 5, TimeUnit.SECONDS);
        }
    }

    /** Applies the circuits still open elsewhere. */
    private void catchUp() {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = commands.sync().scan(cursor, ScanArgs.Builder.matches(KEY_PREFIX + "*")
                    .limit(500));
            for (String key : page.getKeys()) {
                String message = commands.sync().get(key);
                if (message != null) {
                    apply(message);
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    @Override
    public void opened(String deployment, Instant since, Duration cooldown) {
        ObjectNode message = message(deployment, "open").put("since_ms", since.toEpochMilli())
                .put("cooldown_ms", cooldown.toMillis());
        send(deployment, message, cooldown);
    }

    @Override
    public void closed(String deployment) {
        send(deployment, message(deployment, "closed"), null);
    }

    private ObjectNode message(String deployment, String state) {
        return JSON.createObjectNode().put("instance", instance).put("deployment", deployment).put("state", state);
    }

    private void send(String deployment, ObjectNode message, Duration cooldown) {
        StatefulRedisConnection<String, String> connection = commands;
        if (connection == null) {
            return;
        }
        String text = message.toString();
        // Asynchronous: a call that opened a circuit does not wait on Redis.
        if (cooldown != null) {
            connection.async().set(KEY_PREFIX + deployment, text, SetArgs.Builder.px(Math.max(1, cooldown.toMillis())));
        } else {
            connection.async().del(KEY_PREFIX + deployment);
        }
        connection.async().publish(CHANNEL, text).exceptionally(failure -> {
            log.debug("Could not share the circuit of {}: {}", deployment, failure.toString());
            return null;
        });
    }

    private void apply(String message) {
        try {
            JsonNode node = JSON.readTree(message);
            if (instance.equals(node.path("instance").asText())) {
                return;
            }
            DeploymentHealth health = routing.current().health();
            String deployment = node.path("deployment").asText();
            if (node.path("state").asText().equals("open")) {
                health.openedElsewhere(deployment, Instant.ofEpochMilli(node.path("since_ms").asLong()),
                        Duration.ofMillis(node.path("cooldown_ms").asLong()));
            } else {
                health.closedElsewhere(deployment);
            }
        } catch (java.io.IOException | RuntimeException e) {
            log.debug("Ignoring a circuit message that cannot be read: {}", e.toString());
        }
    }

    private void closeConnections() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        if (commands != null) {
            commands.close();
            commands = null;
        }
    }

    @Override
    public void close() {
        connector.shutdownNow();
        closeConnections();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
