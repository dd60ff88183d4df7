package io.odock.core.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The stream Jersey writes an answer's body to. Writes are gathered until the answer is flushed or closed, so a whole
 * JSON answer leaves in one send with an exact {@code Content-Length} (no chunked framing, headers and body together),
 * and a stream's event, however many writes make it, leaves in one chunk on the flush that follows it. An answer that
 * outgrows {@value #GATHERED} bytes before it is sent goes out chunked, as it comes.
 *
 * <p>Jersey flushes every entity before closing it, so for an answer that is complete before it is written (bytes, a
 * string) flushes are ignored: only the close sends, and only then is the length known.
 *
 * <p>The last bytes (a whole answer, or a stream's end) leave only on {@link #complete}, once the request's handling is
 * over: until then the client cannot have its answer, so it cannot send its next request on the connection while the
 * disconnect watch might still be probing it.
 */
final class ResponseBody extends OutputStream {
    /** Larger than nearly every non-streaming model answer; what only embeddings of many inputs exceed. */
    static final int GATHERED = 32 * 1024;
    private static final int FIRST_CAPACITY = 2048;
    private static final byte[] NOTHING = new byte[0];

    private final Response response;
    private final boolean declareLength;
    private final boolean flushes;
    private byte[] buffer = NOTHING;
    private int count;
    /** Whether the headers went out (so the length can no longer be declared). */
    private boolean committed;
    private boolean closed;

    /**
     * @param declareLength whether to declare the gathered length on close (not for HEAD, whose body is never sent)
     * @param flushes       whether a flush sends what was gathered (a stream), or waits for the close (a whole answer)
     */
    ResponseBody(Response response, boolean declareLength, boolean flushes) {
        this.response = response;
        this.declareLength = declareLength;
        this.flushes = flushes;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("The answer's body is closed");
        }
        if (count + length <= GATHERED) {
            gather(bytes, offset, length);
            return;
        }
        sendGathered();
        if (length <= GATHERED) {
            gather(bytes, offset, length);
        } else {
            send(ByteBuffer.wrap(bytes, offset, length));
        }
    }

    @Override
    public void flush() throws IOException {
        // With nothing gathered, only a stream's first flush has work: its headers, so the client sees it begin.
        if (flushes && !closed && (count > 0 || !committed)) {
            sendGathered();
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (!committed && declareLength && !response.getHeaders().contains(HttpHeader.CONTENT_LENGTH)) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, count);
        }
    }

    /** Sends what is left and ends the answer; the callback completes the exchange once Jetty has sent it. */
    void complete(Callback done) {
        committed = true;
        response.write(true, count == 0 ? null : ByteBuffer.wrap(buffer, 0, count), done);
    }

    private void gather(byte[] bytes, int offset, int length) {
        if (count + length > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(GATHERED, Math.max(count + length,
                    Math.max(FIRST_CAPACITY, buffer.length * 2))));
        }
        System.arraycopy(bytes, offset, buffer, count, length);
        count += length;
    }

    /** Sends what was gathered, not as the last bytes: those leave only on {@link #complete}. */
    private void sendGathered() throws IOException {
        ByteBuffer gathered = count == 0 ? null : ByteBuffer.wrap(buffer, 0, count);
        committed = true;
        // The send blocks until Jetty is done with the bytes, so the buffer is free for the next ones afterwards.
        send(gathered);
        count = 0;
    }

    private void send(ByteBuffer bytes) throws IOException {
        try (Blocker.Callback written = Blocker.callback()) {
            response.write(false, bytes, written);
            written.block();
        }
    }
}
