package io.odock.core.governance;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids for budget reservations. Not the request id itself: a client may send the same {@code x-request-id} twice, and
 * each call still needs a hold of its own. The request id stays in front so a hold can be traced to its call.
 */
final class ReservationIds {
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    /** Room for the suffix in the 128-character hold id. */
    private static final int MAX_PREFIX = 100;

    private ReservationIds() {
    }

    static String next(String requestId) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] suffix = new char[20];
        for (int i = 0; i < suffix.length; i++) {
            suffix[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        String prefix = requestId.length() > MAX_PREFIX ? requestId.substring(0, MAX_PREFIX) : requestId;
        return prefix + "#" + new String(suffix);
    }
}
