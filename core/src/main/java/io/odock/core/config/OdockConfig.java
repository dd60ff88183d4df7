package io.odock.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The whole, validated configuration, read once at start-up by {@link ConfigLoader}.
 *
 * @param source                 the file it came from (named in every later configuration error)
 * @param server                 {@code server:}
 * @param admin                  {@code admin:}
 * @param database               {@code database:}
 * @param keys                   {@code keys:}
 * @param upstreamConnectTimeout {@code upstream.connectTimeout}: the connect timeout of upstream calls (models and MCP
 *                               servers) that set none of their own
 * @param byok                   {@code upstream.allowedBaseUrls} and {@code upstream.allowPrivateAddresses}
 * @param providers              {@code providers:}
 * @param models                 {@code models:}
 * @param plugins                {@code plugins:}
 * @param rateLimits             {@code ratelimit:}
 * @param budgets                {@code budgets:} and {@code usage:}
 * @param mcpServers             {@code mcp.servers}
 */
public record OdockConfig(Path source, ServerConfig server, AdminConfig admin, DatabaseConfig database,
                          KeysConfig keys, Duration upstreamConnectTimeout, ByokPolicy byok, List<ProviderConfig> providers,
                          List<ModelConfig> models, PluginsConfig plugins, RateLimitConfig rateLimits,
                          BudgetsConfig budgets, List<McpServerConfig> mcpServers) {

    /** A configuration without MCP servers. */
    public OdockConfig(Path source, ServerConfig server, AdminConfig admin, DatabaseConfig database, KeysConfig keys,
                       Duration upstreamConnectTimeout, ByokPolicy byok, List<ProviderConfig> providers,
                       List<ModelConfig> models, PluginsConfig plugins, RateLimitConfig rateLimits,
                       BudgetsConfig budgets) {
        this(source, server, admin, database, keys, upstreamConnectTimeout, byok, providers, models, plugins,
                rateLimits, budgets, List.of());
    }

    /** A configuration without limits or budgets settings (their defaults). */
    public OdockConfig(Path source, ServerConfig server, AdminConfig admin, DatabaseConfig database, KeysConfig keys,
                       Duration upstreamConnectTimeout, ByokPolicy byok, List<ProviderConfig> providers,
                       List<ModelConfig> models, PluginsConfig plugins) {
        this(source, server, admin, database, keys, upstreamConnectTimeout, byok, providers, models, plugins,
                RateLimitConfig.DEFAULT, BudgetsConfig.DEFAULT);
    }

    /** Makes the lists immutable. */
    public OdockConfig {
        providers = List.copyOf(providers);
        models = List.copyOf(models);
        mcpServers = List.copyOf(mcpServers);
    }

    /** The MCP server with this id. */
    public Optional<McpServerConfig> mcpServer(String id) {
        return mcpServers.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** The provider entry with this id. */
    public Optional<ProviderConfig> provider(String id) {
        return providers.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** The same configuration listening on another port (tests, {@code ODOCK_PORT}). */
    public OdockConfig withPort(int port) {
        return new OdockConfig(source, new ServerConfig(server.host(), port, server.maxBodyBytes(), server.dataDir(),
                server.drainTimeout(), server.trustedProxies(), server.bodyMemoryBytes()),
                admin, database, keys, upstreamConnectTimeout, byok, providers, models, plugins, rateLimits, budgets,
                mcpServers);
    }
}
