package io.odock.core.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The database side of keys: rows in, {@link ApiKey}s out. Used off the request path only. */
final class KeyStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqlSessionFactory sessions;

    KeyStore(SqlSessionFactory sessions) {
        this.sessions = sessions;
    }

    /** A stored key with its hash, which only the in-memory registry needs. */
    record StoredKey(ApiKey key, String hash, Instant updatedAt) {
    }

    void insert(ApiKey key, String hash) {
        write(mapper -> {
            mapper.insert(row(key, hash, key.createdAt()));
            return null;
        });
    }

    /** Writes what an operator may change; false for an unknown id. */
    boolean update(ApiKey key, Instant at) {
        return write(mapper -> mapper.update(row(key, null, at)) > 0);
    }

    /** Restores a revoked key; false when it was not revoked or does not exist. */
    boolean unrevoke(String id, Instant at) {
        return write(mapper -> mapper.unrevoke(id, at) > 0);
    }

    /** Replaces the secret's hash; false for an unknown id. */
    boolean rotate(String id, String hash, String prefix, Instant at) {
        return write(mapper -> mapper.rotate(id, hash, prefix, at) > 0);
    }

    private static ApiKeyRow row(ApiKey key, String hash, Instant updatedAt) {
        ObjectNode policy = JSON.createObjectNode();
        KeyPolicyJson.write(key.policy(), policy);
        return new ApiKeyRow(key, hash, encode(key.models()), encode(key.mcpServers()), policy.toString(), updatedAt);
    }

    List<StoredKey> findAll() {
        return read(mapper -> mapper.findAll().stream().map(KeyStore::toStored).toList());
    }

    List<StoredKey> findChangedSince(Instant since) {
        return read(mapper -> mapper.findChangedSince(since).stream().map(KeyStore::toStored).toList());
    }

    Optional<StoredKey> findById(String id) {
        return read(mapper -> Optional.ofNullable(mapper.findById(id)).map(KeyStore::toStored));
    }

    /** Revokes; false when the key was already revoked or does not exist. */
    boolean revoke(String id, Instant at) {
        return write(mapper -> mapper.revoke(id, at) > 0);
    }

    void touchLastUsed(Map<String, Instant> lastUsed) {
        write(mapper -> {
            lastUsed.forEach(mapper::touchLastUsed);
            return null;
        });
    }

    private <T> T read(Function<ApiKeyMapper, T> query) {
        try (SqlSession session = sessions.openSession(true)) {
            return query.apply(session.getMapper(ApiKeyMapper.class));
        }
    }

    private <T> T write(Function<ApiKeyMapper, T> change) {
        try (SqlSession session = sessions.openSession(false)) {
            T result = change.apply(session.getMapper(ApiKeyMapper.class));
            session.commit();
            return result;
        }
    }

    private static StoredKey toStored(ApiKeyRow row) {
        KeyOwner owner = new KeyOwner(Optional.ofNullable(row.getOrganizationId()), Optional.ofNullable(row.getTeamId()),
                Optional.ofNullable(row.getUserId()));
        ApiKey key = new ApiKey(row.getId(), row.getName(), row.getKeyPrefix(), owner, decode(row.getModels()),
                row.getMcpServers() == null ? List.of() : decode(row.getMcpServers()), row.isAllowByok(),
                policy(row.getPolicy()), KeyState.valueOf(row.getState()), row.getCreatedAt(),
                Optional.ofNullable(row.getExpiresAt()), Optional.ofNullable(row.getLastUsedAt()),
                Optional.ofNullable(row.getRevokedAt()), Optional.ofNullable(row.getRotatedAt()));
        return new StoredKey(key, row.getKeyHash(), row.getUpdatedAt());
    }

    private static KeyPolicy policy(String json) {
        if (json == null || json.isBlank()) {
            return KeyPolicy.none();
        }
        try {
            return KeyPolicyJson.read(JSON.readTree(json), KeyPolicy.none());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("api_keys.policy is not a valid key policy: " + e.getMessage(), e);
        }
    }

    private static String encode(List<String> models) {
        try {
            return JSON.writeValueAsString(models);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> decode(String models) {
        try {
            return JSON.readValue(models, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("api_keys.models is not a JSON list: " + e.getOriginalMessage(), e);
        }
    }
}
