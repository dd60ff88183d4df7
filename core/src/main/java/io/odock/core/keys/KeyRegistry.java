package io.odock.core.keys;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every key in memory, by the hash of its secret: authentication is a hash and a map lookup, never a database round
 * trip. Revoked keys stay in the map so they can be told apart from unknown ones.
 */
final class KeyRegistry {
    private final Map<String, Entry> byHash = new ConcurrentHashMap<>();
    /** Each key's current hash, so a rotated key's old secret stops matching. */
    private final Map<String, String> hashById = new ConcurrentHashMap<>();

    private record Entry(ApiKey key, byte[] hash) {
    }

    /** Adds or replaces a key; a new hash for a known id retires the old one. */
    synchronized void put(ApiKey key, String hash) {
        byHash.put(hash, new Entry(key, HexFormat.of().parseHex(hash)));
        String previous = hashById.put(key.id(), hash);
        if (previous != null && !previous.equals(hash)) {
            byHash.remove(previous);
        }
    }

    /** The key with this id, if known. */
    Optional<ApiKey> byId(String id) {
        String hash = hashById.get(id);
        Entry entry = hash == null ? null : byHash.get(hash);
        return entry == null ? Optional.empty() : Optional.of(entry.key());
    }

    /** The key whose secret this is, if any. */
    Optional<ApiKey> find(String secret) {
        byte[] digest = KeySecrets.digest(secret);
        Entry entry = byHash.get(HexFormat.of().formatHex(digest));
        // The map lookup is on the hash; the final check compares the full hash in constant time.
        if (entry == null || !MessageDigest.isEqual(entry.hash(), digest)) {
            return Optional.empty();
        }
        return Optional.of(entry.key());
    }

    int size() {
        return byHash.size();
    }
}
