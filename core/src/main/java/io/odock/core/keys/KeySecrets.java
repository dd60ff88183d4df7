package io.odock.core.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Makes key secrets and ids, and hashes secrets. Secrets are {@code odk_} plus 40 base62 characters (about 238 bits):
 * recognisable by secret scanners, and random enough that an unsalted SHA-256 is a safe way to store them.
 */
final class KeySecrets {
    static final String SECRET_PREFIX = "odk_";
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Every request's key is hashed: copies of one digest are much cheaper than {@code MessageDigest.getInstance},
     * whose provider lookup was half the cost of hashing in profiles of the request path.
     */
    private static final MessageDigest SHA_256 = sha256();

    private KeySecrets() {
    }

    static String newSecret() {
        return SECRET_PREFIX + random(40);
    }

    static String newId() {
        return "key_" + random(16);
    }

    /** Lower-case hex SHA-256 of the secret. */
    static String hash(String secret) {
        return HexFormat.of().formatHex(digest(secret));
    }

    static byte[] digest(String secret) {
        MessageDigest digest;
        try {
            digest = (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            digest = sha256();
        }
        return digest.digest(secret.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** What may be shown of a secret: its first 8 characters. */
    static String displayPrefix(String secret) {
        return secret.substring(0, Math.min(8, secret.length()));
    }

    private static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = BASE62[RANDOM.nextInt(BASE62.length)];
        }
        return new String(out);
    }
}
