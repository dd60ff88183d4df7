package io.odock.core.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id and every response, errors and streams included, the {@code x-request-id} header: the
 * client's own id when it sent a sane one (so its traces line up with ours), else a new one.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class RequestIdFilter implements ContainerRequestFilter, ContainerResponseFilter {
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

    @Override
    public void filter(ContainerRequestContext request) {
        String given = request.getHeaderString(HEADER);
        request.setProperty(PROPERTY, given != null && SANE.matcher(given).matches() ? given : newId());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        String value = id == null ? newId() : id.toString();
        response.getHeaders().putSingle(HEADER, value);
        if (Dialects.forPath(request.getUriInfo().getPath()).equals(Dialects.ANTHROPIC)) {
            // Anthropic's SDKs read the request id from their own header name into errors and responses.
            response.getHeaders().putSingle(ANTHROPIC_HEADER, value);
        }
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
