package io.odock.spi.dialect;

/**
 * How a streamed answer is framed on the wire. Most dialects stream Server-Sent Events; Gemini clients that do not ask
 * for {@code alt=sse} read one JSON array whose elements arrive as they are generated.
 */
public enum StreamFraming {
    /**
     * {@code text/event-stream}: each {@link io.odock.spi.stream.SseEvent} is written with its {@code event:} and
     * {@code data:} lines.
     */
    SSE("text/event-stream;charset=utf-8"),
    /**
     * {@code application/json}: the host writes {@code [}, then each event's data (a JSON value) separated by
     * {@code ,} and a line break, then {@code ]}; event names are not written.
     */
    JSON_ARRAY("application/json;charset=utf-8");

    private final String contentType;

    StreamFraming(String contentType) {
        this.contentType = contentType;
    }

    /** The response's content type. */
    public String contentType() {
        return contentType;
    }
}
