package io.odock.core.keys;

import java.time.Instant;

/** A row of {@code api_keys} as MyBatis maps it; turned into an {@link ApiKey} by {@link KeyStore}. */
public final class ApiKeyRow {
    private String id;
    private String name;
    private String keyPrefix;
    private String keyHash;
    private String models;
    private boolean allowByok;
    private String state;
    private Instant createdAt;
    private Instant updatedAt;
    private Instant lastUsedAt;
    private Instant revokedAt;
    private String organizationId;
    private String teamId;
    private String userId;
    private String mcpServers;
    private Instant expiresAt;
    private Instant rotatedAt;
    private String policy;

    /** For MyBatis. */
    public ApiKeyRow() {
    }

    ApiKeyRow(ApiKey key, String keyHash, String models, String mcpServers, String policy, Instant updatedAt) {
        this.id = key.id();
        this.name = key.name();
        this.keyPrefix = key.prefix();
        this.keyHash = keyHash;
        this.models = models;
        this.allowByok = key.allowByok();
        this.state = key.state().name();
        this.createdAt = key.createdAt();
        this.updatedAt = updatedAt;
        this.lastUsedAt = key.lastUsedAt().orElse(null);
        this.revokedAt = key.revokedAt().orElse(null);
        this.organizationId = key.owner().organization().orElse(null);
        this.teamId = key.owner().team().orElse(null);
        this.userId = key.owner().user().orElse(null);
        this.mcpServers = mcpServers;
        this.expiresAt = key.expiresAt().orElse(null);
        this.rotatedAt = key.rotatedAt().orElse(null);
        this.policy = policy;
    }

    public String getId() { return id; }
    public String getName() { return name; }
    public String getKeyPrefix() { return keyPrefix; }
    public String getKeyHash() { return keyHash; }
    public String getModels() { return models; }
    public boolean isAllowByok() { return allowByok; }
    public String getState() { return state; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public Instant getLastUsedAt() { return lastUsedAt; }
    public Instant getRevokedAt() { return revokedAt; }
    public String getOrganizationId() { return organizationId; }
    public String getTeamId() { return teamId; }
    public String getUserId() { return userId; }
    public String getMcpServers() { return mcpServers; }
    public Instant getExpiresAt() { return expiresAt; }
    public Instant getRotatedAt() { return rotatedAt; }
    public String getPolicy() { return policy; }
}
