package io.odock.core.http;

import jakarta.ws.rs.container.ContainerRequestContext;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Every request's id, and the {@code x-request-id} header of every response, errors and streams included: the
 * client's own id when it sent a sane one (so its traces line up with ours), else a new one. {@link JerseyHandler}
 * assigns the id before Jersey sees the request and writes the headers with the answer's; a JAX-RS filter pair did
 * this before, and Jersey's per-request sorting and merging of its filter lists showed in profiles of the request
 * path (about 1.5% of the CPU per call).
 */
public final class RequestIds {
    /** The header, in both directions. */
    public static final String HEADER = "x-request-id";
    /** The request property holding the id. */
    public static final String PROPERTY = "odock.requestId";
    /** The header Anthropic's API (and SDKs) use for the same id. */
    public static final String ANTHROPIC_HEADER = "request-id";

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    /** 36^9 ms reach past the year 5000. */
    private static final int TIME_DIGITS = 9;
    private static final int RANDOM_DIGITS = 15;

    private RequestIds() {
    }

    /** The id of a request that came with this {@code x-request-id} value (null when it had none). */
    static String accept(String given) {
        return given != null && SANE.matcher(given).matches() ? given : newId();
    }

    /** The id of the request being handled. */
    public static String of(ContainerRequestContext request) {
        Object id = request.getProperty(PROPERTY);
        return id == null ? newId() : id.toString();
    }

    /**
     * A new id: {@code req_}, the time in milliseconds (9 base-36 digits, so ids sort by creation time) and 15 random
     * base-36 digits. Ids correlate logs; they guard nothing, so the cheap per-thread generator is enough (SecureRandom
     * showed up in profiles of the request path). The time prefix keeps the usage records' request-id index growing
     * at its end, as a database's B-tree likes, instead of splitting pages all over it: profiles of the embedded
     * database showed the random ids' page reads and compares in every usage insert.
     */
    static String newId() {
        return newId(System.currentTimeMillis());
    }

    static String newId(long epochMillis) {
        char[] id = new char[4 + TIME_DIGITS + RANDOM_DIGITS];
        "req_".getChars(0, 4, id, 0);
        long time = epochMillis;
        for (int i = 4 + TIME_DIGITS - 1; i >= 4; i--) {
            id[i] = ALPHABET[(int) (time % ALPHABET.length)];
            time /= ALPHABET.length;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 4 + TIME_DIGITS; i < id.length; i++) {
            id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}
