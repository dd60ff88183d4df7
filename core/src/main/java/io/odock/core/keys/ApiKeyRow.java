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

    /** For MyBatis. */
    public ApiKeyRow() {
    }

    ApiKeyRow(String id, String name, String keyPrefix, String keyHash, String models, boolean allowByok, String state,
              Instant createdAt, Instant updatedAt) {
        this.id = id;
        this.name = name;
        this.keyPrefix = keyPrefix;
        this.keyHash = keyHash;
        this.models = models;
        this.allowByok = allowByok;
        this.state = state;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
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
}
