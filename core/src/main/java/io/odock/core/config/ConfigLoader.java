package io.odock.core.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.odock.spi.Secret;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code odock.yaml}: parses it, resolves {@code ${ENV}} references, applies {@code ODOCK_PORT}, and validates
 * every entry, failing with a {@link ConfigException} that names the file, the entry and the problem. Checks that need
 * the loaded plugins (is there an adapter for each provider type?) happen at start-up, in the same words.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, String> env;
    private final Path home;

    /**
     * @param env  the environment to resolve {@code ${NAME}} and {@code ODOCK_PORT} from
     * @param home the directory relative paths are resolved against
     */
    public ConfigLoader(Map<String, String> env, Path home) {
        this.env = Map.copyOf(env);
        this.home = home;
    }

    /** Loads and validates the whole file. */
    public OdockConfig load(Path file) {
        String name = displayName(file);
        ObjectNode root = parse(file, name);
        new EnvResolver(env, name).resolveTree(root, "");
        ConfigSection top = new ConfigSection(name, "", root);

        ServerConfig server = server(top);
        AdminConfig admin = admin(top, server);
        DatabaseConfig database = database(top);
        KeysConfig keys = new KeysConfig(top.section("keys").map(s -> {
            Duration interval = s.duration("refreshInterval").orElse(Duration.ofSeconds(5));
            s.rejectUnknownKeys();
            return interval;
        }).orElse(Duration.ofSeconds(5)));
        ConfigSection upstream = top.sectionOrEmpty("upstream");
        Duration connectTimeout = upstream.duration("connectTimeout").orElse(Duration.ofSeconds(10));
        List<String> allowedBaseUrls = upstream.stringList("allowedBaseUrls");
        for (String url : allowedBaseUrls) {
            if (!url.startsWith("https://") && !url.startsWith("http://")) {
                throw upstream.error("allowedBaseUrls", "'" + url + "' must start with http:// or https://");
            }
        }
        boolean allowPrivate = upstream.string("allowPrivateAddresses").map(v -> switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw upstream.error("allowPrivateAddresses", "must be true or false");
        }).orElse(false);
        upstream.rejectUnknownKeys();
        ByokPolicy byok = new ByokPolicy(allowedBaseUrls, allowPrivate);
        List<ProviderConfig> providers = providers(top);
        List<ModelConfig> models = models(top, providers);
        PluginsConfig plugins = plugins(top);
        RateLimitConfig rateLimits = rateLimits(top);
        BudgetsConfig budgets = budgets(top);
        List<McpServerConfig> mcp = mcpServers(top);
        top.rejectUnknownKeys();
        return new OdockConfig(file, server, admin, database, keys, connectTimeout, byok, providers, models, plugins,
                rateLimits, budgets, mcp);
    }

    /** Loads only what the CLI needs to reach the running server; other sections are not resolved or checked. */
    public ClientSettings loadClientSettings(Path file) {
        String name = displayName(file);
        ObjectNode root = parse(file, name);
        EnvResolver resolver = new EnvResolver(env, name);
        for (String section : List.of("server", "admin")) {
            if (root.has(section)) {
                resolver.resolveTree(root.get(section), section);
            }
        }
        ConfigSection top = new ConfigSection(name, "", root);
        ServerConfig server = server(top);
        AdminConfig admin = admin(top, server);
        return new ClientSettings(server.host(), server.port(), admin.token(), admin.tokenFile());
    }

    private ObjectNode parse(Path file, String name) {
        try {
            JsonNode root = YAML.readTree(Files.readAllBytes(file));
            if (root == null || root.isNull() || root.isMissingNode()) {
                return YAML.createObjectNode();
            }
            if (!(root instanceof ObjectNode object)) {
                throw new ConfigException(name + ": the file must be a mapping of sections (server:, providers:, ...)");
            }
            return object;
        } catch (NoSuchFileException e) {
            throw new ConfigException(name + ": the configuration file does not exist");
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new ConfigException(name + ": not valid YAML" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(name + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private ServerConfig server(ConfigSection top) {
        ConfigSection s = top.sectionOrEmpty("server");
        String host = s.string("host").orElse("0.0.0.0");
        int port = (int) s.number("port").orElse((long) ServerConfig.DEFAULT_PORT).longValue();
        String override = env.get("ODOCK_PORT");
        if (override != null && !override.isBlank()) {
            try {
                port = Integer.parseInt(override.trim());
            } catch (NumberFormatException e) {
                throw new ConfigException("ODOCK_PORT: '" + override + "' is not a port number");
            }
        }
        if (port < 0 || port > 65535) {
            throw s.error("port", "must be between 0 and 65535, not " + port);
        }
        long maxBody = s.number("maxBodyBytes").orElse(ServerConfig.DEFAULT_MAX_BODY_BYTES);
        if (maxBody < 1024) {
            throw s.error("maxBodyBytes", "must be at least 1024");
        }
        Path dataDir = resolvePath(s.string("dataDir").orElse("data"));
        java.time.Duration drain = s.duration("drainTimeout").orElse(ServerConfig.DEFAULT_DRAIN_TIMEOUT);
        if (drain.isNegative()) {
            throw s.error("drainTimeout", "cannot be negative");
        }
        List<io.odock.core.net.Cidr> proxies = new ArrayList<>();
        for (String proxy : s.stringList("trustedProxies")) {
            try {
                proxies.add(io.odock.core.net.Cidr.parse(proxy));
            } catch (IllegalArgumentException e) {
                throw s.error("trustedProxies", e.getMessage());
            }
        }
        java.util.OptionalLong bodyMemory = s.number("bodyMemoryBytes").map(java.util.OptionalLong::of)
                .orElse(java.util.OptionalLong.empty());
        if (bodyMemory.isPresent() && bodyMemory.getAsLong() < io.odock.core.http.BodyMemory.UNCOUNTED) {
            throw s.error("bodyMemoryBytes", "must be at least " + io.odock.core.http.BodyMemory.UNCOUNTED);
        }
        s.rejectUnknownKeys();
        return new ServerConfig(host, port, maxBody, dataDir, drain, proxies, bodyMemory);
    }

    private AdminConfig admin(ConfigSection top, ServerConfig server) {
        Optional<ConfigSection> section = top.section("admin");
        Secret token = section.flatMap(s -> s.string("token")).map(Secret::of).orElse(Secret.none());
        Path tokenFile = section.flatMap(s -> s.string("tokenFile")).map(this::resolvePath)
                .orElse(server.dataDir().resolve("admin.token"));
        section.ifPresent(s -> {
            if (token.isPresent() && token.reveal().length() < 16) {
                throw s.error("token", "must be at least 16 characters long");
            }
            s.rejectUnknownKeys();
        });
        return new AdminConfig(token, tokenFile);
    }

    private DatabaseConfig database(ConfigSection top) {
        Optional<ConfigSection> section = top.section("database");
        String url = section.flatMap(s -> s.string("url")).orElse(DatabaseConfig.EMBEDDED_URL);
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:mysql:") && !url.startsWith("jdbc:mariadb:")) {
            throw section.get().error("url", "must be an embedded H2 URL (jdbc:h2:file:...) or a MySQL URL "
                    + "(jdbc:mysql://host:3306/odock)");
        }
        url = anchorEmbeddedPath(url);
        String user = section.flatMap(s -> s.string("user")).orElse("");
        Secret password = section.flatMap(s -> s.string("password")).map(Secret::of).orElse(Secret.none());
        int pool = (int) section.flatMap(s -> s.number("maxPoolSize")).orElse(10L).longValue();
        Duration connectionTimeout = section.flatMap(s -> s.duration("connectionTimeout"))
                .orElse(DatabaseConfig.DEFAULT_CONNECTION_TIMEOUT);
        section.ifPresent(s -> {
            if (pool < 1) {
                throw s.error("maxPoolSize", "must be at least 1");
            }
            if (connectionTimeout.toMillis() < 250) {
                throw s.error("connectionTimeout", "must be at least 250ms");
            }
            s.rejectUnknownKeys();
        });
        return new DatabaseConfig(url, user, password, pool, connectionTimeout);
    }

    /** H2 resolves {@code ./x} against the working directory; the gateway anchors it at its home instead. */
    private String anchorEmbeddedPath(String url) {
        String prefix = "jdbc:h2:file:";
        if (url.startsWith(prefix + "./") || url.startsWith(prefix + "../")) {
            String rest = url.substring(prefix.length());
            int options = rest.indexOf(';');
            String path = options < 0 ? rest : rest.substring(0, options);
            String tail = options < 0 ? "" : rest.substring(options);
            return prefix + home.resolve(path).normalize() + tail;
        }
        return url;
    }

    private List<ProviderConfig> providers(ConfigSection top) {
        List<ProviderConfig> providers = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ConfigSection p : top.list("providers")) {
            String id = p.requiredString("id");
            if (!ids.add(id)) {
                throw p.error("id", "'" + id + "' is declared twice");
            }
            String type = p.requiredString("type");
            String baseUrl = p.requiredString("baseUrl");
            if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
                throw p.error("baseUrl", "must start with http:// or https://");
            }
            Secret apiKey = p.string("apiKey").map(Secret::of).orElse(Secret.none());
            Duration timeout = positive(p, "timeout").orElse(ProviderConfig.DEFAULT_TIMEOUT);
            Optional<Duration> firstByte = positive(p, "firstByteTimeout");
            Optional<Duration> connect = positive(p, "connectTimeout");
            p.rejectUnknownKeys();
            providers.add(new ProviderConfig(id, type, baseUrl, apiKey, timeout, firstByte, connect));
        }
        return providers;
    }

    private List<ModelConfig> models(ConfigSection top, List<ProviderConfig> providers) {
        List<ModelConfig> models = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<String> providerIds = providers.stream().map(ProviderConfig::id).toList();
        for (ConfigSection m : top.list("models")) {
            String name = m.requiredString("name");
            if (!names.add(name)) {
                throw m.error("name", "'" + name + "' is declared twice");
            }
            RoutingStrategy routing = m.string("routing").map(r -> RoutingStrategy.fromConfig(r).orElseThrow(
                    () -> m.error("routing", "'" + r + "' is not a routing strategy (priority, weighted, round-robin, "
                            + "least-latency, lowest-cost)"))).orElse(RoutingStrategy.PRIORITY);
            List<DeploymentConfig> deployments = new ArrayList<>();
            List<ConfigSection> entries = m.list("deployments");
            for (int i = 0; i < entries.size(); i++) {
                deployments.add(deployment(entries.get(i), i, name, providerIds));
            }
            if (deployments.isEmpty()) {
                throw m.error("deployments", "needs at least one deployment ({ provider: ID, model: UPSTREAM_NAME })");
            }
            Optional<Pricing> pricing = m.section("pricing").map(ConfigLoader::pricing);
            FailoverConfig failover = m.section("failover").map(ConfigLoader::failover).orElse(FailoverConfig.DEFAULT);
            Optional<Integer> maxOutput = m.number("maxOutputTokens").map(n -> {
                if (n < 1 || n > Integer.MAX_VALUE) {
                    throw m.error("maxOutputTokens", "must be a positive number of tokens");
                }
                return n.intValue();
            });
            m.rejectUnknownKeys();
            models.add(new ModelConfig(name, routing, deployments, pricing, failover, maxOutput));
        }
        return models;
    }

    private static DeploymentConfig deployment(ConfigSection d, int position, String modelName,
                                               List<String> providerIds) {
        String provider = d.requiredString("provider");
        if (!providerIds.contains(provider)) {
            throw d.error("provider", "'" + provider + "' is not a configured provider (configured: "
                    + (providerIds.isEmpty() ? "none" : String.join(", ", providerIds)) + ")");
        }
        String model = d.string("model").orElse(modelName);
        int weight = (int) d.number("weight").orElse(1L).longValue();
        if (weight < 0) {
            throw d.error("weight", "cannot be negative");
        }
        int priority = (int) d.number("priority").orElse((long) position).longValue();
        Optional<String> baseUrl = d.string("baseUrl");
        baseUrl.filter(url -> !url.startsWith("http://") && !url.startsWith("https://")).ifPresent(url -> {
            throw d.error("baseUrl", "must start with http:// or https://");
        });
        Optional<Secret> apiKey = d.string("apiKey").map(Secret::of);
        Optional<Duration> timeout = positive(d, "timeout");
        Optional<Duration> firstByte = positive(d, "firstByteTimeout");
        Optional<Duration> connect = positive(d, "connectTimeout");
        Optional<Pricing> pricing = d.section("pricing").map(ConfigLoader::pricing);
        d.rejectUnknownKeys();
        return new DeploymentConfig(provider, model, weight, priority, baseUrl, apiKey, timeout, pricing, firstByte,
                connect);
    }

    private static FailoverConfig failover(ConfigSection f) {
        Set<FailoverTrigger> on = EnumSet.noneOf(FailoverTrigger.class);
        List<String> triggers = f.stringList("on");
        for (String trigger : triggers) {
            on.add(FailoverTrigger.fromConfig(trigger).orElseThrow(() -> f.error("on", "'" + trigger
                    + "' is not a failover trigger (5xx, timeout, rate_limit, connect, any)")));
        }
        Optional<Integer> retries = f.number("retries").map(Long::intValue);
        retries.filter(r -> r < 0 || r > 10).ifPresent(r -> {
            throw f.error("retries", "must be between 0 and 10");
        });
        Duration backoff = f.duration("backoff").orElse(FailoverConfig.DEFAULT.backoff());
        Duration maxBackoff = f.duration("maxBackoff").orElse(FailoverConfig.DEFAULT.maxBackoff());
        int cooldownAfter = (int) f.number("cooldownAfter").orElse((long) FailoverConfig.DEFAULT.cooldownAfter())
                .longValue();
        if (cooldownAfter < 1) {
            throw f.error("cooldownAfter", "must be at least 1");
        }
        Duration cooldown = f.duration("cooldown").orElse(FailoverConfig.DEFAULT.cooldown());
        f.rejectUnknownKeys();
        return new FailoverConfig(triggers.isEmpty() ? FailoverConfig.DEFAULT.on() : on, retries, backoff, maxBackoff,
                cooldownAfter, cooldown);
    }

    private static Optional<Duration> positive(ConfigSection section, String key) {
        Optional<Duration> duration = section.duration(key);
        duration.filter(d -> d.isZero() || d.isNegative()).ifPresent(d -> {
            throw section.error(key, "must be longer than 0");
        });
        return duration;
    }

    private static Pricing pricing(ConfigSection p) {
        Pricing price = new Pricing(p.decimal("inputPerMTok").orElseThrow(() -> p.error("inputPerMTok", "is required")),
                p.decimal("outputPerMTok").orElseThrow(() -> p.error("outputPerMTok", "is required")),
                p.decimal("cacheReadPerMTok"), p.decimal("cacheWritePerMTok"), p.decimal("perImage"),
                p.decimal("perAudioSecond"));
        p.rejectUnknownKeys();
        return price;
    }

    private static RateLimitConfig rateLimits(ConfigSection top) {
        Optional<ConfigSection> section = top.section("ratelimit");
        if (section.isEmpty()) {
            return RateLimitConfig.DEFAULT;
        }
        ConfigSection r = section.get();
        String backend = r.string("backend").orElse("local");
        Optional<Secret> redis = r.string("redis").map(Secret::of);
        switch (backend) {
            case "local" -> redis = Optional.empty();
            case "redis" -> {
                String url = redis.orElseThrow(() -> r.error("redis", "is required with backend: redis "
                        + "(redis://host:6379)")).reveal();
                if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
                    throw r.error("redis", "must be a redis:// or rediss:// URL");
                }
            }
            default -> throw r.error("backend", "'" + backend + "' is not a rate-limit backend (local, redis)");
        }
        Duration timeout = positive(r, "redisTimeout").orElse(RateLimitConfig.DEFAULT.redisTimeout());
        java.time.ZoneId zone;
        try {
            zone = r.string("timezone").map(java.time.ZoneId::of).orElse(RateLimitConfig.DEFAULT.timezone());
        } catch (java.time.DateTimeException e) {
            throw r.error("timezone", "is not a time zone (such as UTC or Europe/Paris)");
        }
        io.odock.core.governance.LimitSet defaults;
        try {
            defaults = io.odock.core.governance.LimitSet.fromConfig(r.raw("defaults").orElse(null));
        } catch (IllegalArgumentException e) {
            throw r.error("defaults", e.getMessage());
        }
        r.rejectUnknownKeys();
        return new RateLimitConfig(redis, timeout, zone, defaults);
    }

    private static List<McpServerConfig> mcpServers(ConfigSection top) {
        Optional<ConfigSection> section = top.section("mcp");
        if (section.isEmpty()) {
            return List.of();
        }
        List<McpServerConfig> servers = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ConfigSection m : section.get().list("servers")) {
            String id = m.requiredString("id");
            if (!id.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
                throw m.error("id", "must be 1 to 64 lower-case letters, digits, '-' or '_' (it is a URL segment)");
            }
            if (!ids.add(id)) {
                throw m.error("id", "'" + id + "' is declared twice");
            }
            String transportName = m.string("transport").orElse("http");
            McpServerConfig.Transport transport = switch (transportName) {
                case "http", "streamable-http" -> McpServerConfig.Transport.HTTP;
                case "sse" -> McpServerConfig.Transport.SSE;
                case "stdio" -> McpServerConfig.Transport.STDIO;
                default -> throw m.error("transport", "'" + transportName + "' is not an MCP transport (http, sse, stdio)");
            };
            Optional<String> url = m.string("url");
            List<String> command = m.stringList("command");
            if (transport == McpServerConfig.Transport.STDIO) {
                if (command.isEmpty()) {
                    throw m.error("command", "is required with transport: stdio (the command and its arguments)");
                }
            } else if (url.filter(u -> u.startsWith("http://") || u.startsWith("https://")).isEmpty()) {
                throw m.error("url", "is required with transport: " + transportName + " and must start with http:// or "
                        + "https://");
            }
            Map<String, String> env = new LinkedHashMap<>();
            m.section("env").ifPresent(e -> {
                Iterator<String> names = e.keys();
                while (names.hasNext()) {
                    String name = names.next();
                    env.put(name, e.string(name).orElse(""));
                }
                e.rejectUnknownKeys();
            });
            McpServerConfig.Auth auth = m.section("auth").map(a -> {
                String type = a.string("type").orElse("none");
                McpServerConfig.Auth parsed = switch (type) {
                    case "none" -> McpServerConfig.Auth.NONE;
                    case "bearer" -> new McpServerConfig.Auth("bearer", Optional.empty(),
                            Secret.of(a.string("token").orElseThrow(() -> a.error("token", "is required for bearer"))));
                    case "basic" -> new McpServerConfig.Auth("basic",
                            Optional.of(a.string("username").orElseThrow(() -> a.error("username", "is required for basic"))),
                            Secret.of(a.string("password").orElse("")));
                    default -> throw a.error("type", "'" + type + "' is not an auth type (none, bearer, basic)");
                };
                a.rejectUnknownKeys();
                return parsed;
            }).orElse(McpServerConfig.Auth.NONE);
            List<String> allow = List.of();
            List<String> deny = List.of();
            Optional<ConfigSection> tools = m.section("tools");
            if (tools.isPresent()) {
                allow = tools.get().stringList("allow");
                deny = tools.get().stringList("deny");
                tools.get().rejectUnknownKeys();
            }
            List<String> keywords = m.section("guard").map(g -> {
                List<String> words = g.stringList("keywords");
                g.rejectUnknownKeys();
                return words;
            }).orElse(List.of());
            Optional<java.math.BigDecimal> perCall = Optional.empty();
            Optional<java.math.BigDecimal> perIn = Optional.empty();
            Optional<java.math.BigDecimal> perOut = Optional.empty();
            Optional<ConfigSection> pricing = m.section("pricing");
            if (pricing.isPresent()) {
                perCall = pricing.get().decimal("perCall");
                perIn = pricing.get().decimal("perInputByte");
                perOut = pricing.get().decimal("perOutputByte");
                pricing.get().rejectUnknownKeys();
            }
            Duration timeout = positive(m, "timeout").orElse(Duration.ofSeconds(60));
            long maxOutput = m.number("maxOutputBytes").orElse(1_048_576L);
            if (maxOutput < 1) {
                throw m.error("maxOutputBytes", "must be at least 1");
            }
            m.rejectUnknownKeys();
            servers.add(new McpServerConfig(id, transport, url, command, env, auth, allow, deny, keywords, perCall,
                    perIn, perOut, timeout, maxOutput));
        }
        section.get().rejectUnknownKeys();
        return servers;
    }

    private static BudgetsConfig budgets(ConfigSection top) {
        ConfigSection b = top.sectionOrEmpty("budgets");
        String currency = b.string("currency").orElse(BudgetsConfig.DEFAULT.currency());
        if (!currency.matches("[A-Z]{3}")) {
            throw b.error("currency", "must be a three-letter ISO 4217 code such as USD or EUR");
        }
        long maxOutput = b.number("defaultMaxOutputTokens").orElse((long) BudgetsConfig.DEFAULT.defaultMaxOutputTokens());
        if (maxOutput < 1 || maxOutput > Integer.MAX_VALUE) {
            throw b.error("defaultMaxOutputTokens", "must be a positive number of tokens");
        }
        b.rejectUnknownKeys();
        ConfigSection u = top.sectionOrEmpty("usage");
        long capacity = u.number("bufferCapacity").orElse((long) BudgetsConfig.DEFAULT.usageBufferCapacity());
        if (capacity < 1 || capacity > 10_000_000) {
            throw u.error("bufferCapacity", "must be between 1 and 10000000");
        }
        u.rejectUnknownKeys();
        return new BudgetsConfig(currency, (int) maxOutput, (int) capacity);
    }

    private PluginsConfig plugins(ConfigSection top) {
        Optional<ConfigSection> section = top.section("plugins");
        Path dir = resolvePath(section.flatMap(s -> s.string("dir")).orElse("plugins"));
        Map<String, ObjectNode> sections = new LinkedHashMap<>();
        List<String> order = section.map(s -> s.stringList("order")).orElse(List.of());
        section.ifPresent(s -> {
            Iterator<String> keys = s.keys();
            while (keys.hasNext()) {
                String key = keys.next();
                if (key.equals("dir") || key.equals("order")) {
                    continue;
                }
                JsonNode value = s.raw(key).orElse(null);
                if (value != null && !(value instanceof ObjectNode)) {
                    throw s.error(key, "must be a mapping (the settings of the plugin extension '" + key + "')");
                }
                if (value != null) {
                    sections.put(key, (ObjectNode) value);
                }
            }
        });
        return new PluginsConfig(dir, sections, order);
    }

    private Path resolvePath(String path) {
        return home.resolve(path).normalize();
    }

    private String displayName(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(home) ? home.relativize(absolute).toString() : absolute.toString();
    }
}
