package io.odock.core.pipeline;

/**
 * The caller's connection, as far as the pipeline cares: whether the caller hung up. Watching starts only once the
 * request's body has been read, since until then the connection carries the body the handler still has to read.
 */
public interface ClientConnection {
    /** A connection nobody watches (tests, embedding). */
    ClientConnection UNWATCHED = new ClientConnection() {
        @Override
        public void watch() {
        }

        @Override
        public boolean gone() {
            return false;
        }
    };

    /** Starts watching for a hang-up; the body must have been read entirely. */
    void watch();

    /** Whether the caller hung up (the request's thread has then been interrupted). */
    boolean gone();
}
