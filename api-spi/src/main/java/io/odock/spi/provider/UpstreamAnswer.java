package io.odock.spi.provider;

import java.io.InputStream;
import java.util.Optional;

/**
 * What an upstream answered to an {@link UpstreamCall}: its status, its headers and its body. Any status is an answer;
 * {@link UpstreamHttp#requireSuccess} turns a non-2xx one into the gateway's error.
 *
 * <p>The body of a complete answer is already in memory. The body of a stream is read as the upstream sends it;
 * closing it ends the exchange (the host drops the connection when the body was not read to its end), which is how a
 * stream is cancelled when its client goes away.
 */
public interface UpstreamAnswer {

    /** The HTTP status code. */
    int status();

    /** The first value of a response header, compared without case; empty when the upstream did not send it. */
    Optional<String> header(String name);

    /** The response body. Read it once; closing it releases the exchange. */
    InputStream body();
}
