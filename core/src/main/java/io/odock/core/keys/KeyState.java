package io.odock.core.keys;

/** Whether a key may be used. */
public enum KeyState {
    /** Accepted. */
    ACTIVE,
    /** Refused with 401 {@code api_key_revoked}. */
    REVOKED
}
