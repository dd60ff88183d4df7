package io.odock.spi.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request to an upstream provider, as an adapter builds it: method, absolute URL, headers and an optional
 * body. The host's {@link UpstreamClient} sends it; adapters never open connections themselves, so pooling, timeouts
 * and cancellation are the same for every provider.
 *
 * <p>A call is immutable. {@link #toString()} never shows its headers, which carry the operator's credential.
 *
 * <pre>{@code
 * UpstreamCall call = UpstreamCall.post(target.baseUrl() + "/v1/chat/completions")
 *         .header("Authorization", "Bearer " + target.apiKey().reveal())
 *         .body(UpstreamBody.json(payload))
 *         .build();
 * }</pre>
 */
public final class UpstreamCall {
    private final String method;
    private final String url;
    private final List<Header> headers;
    private final Optional<UpstreamBody> body;

    private UpstreamCall(Builder builder) {
        this.method = builder.method;
        this.url = builder.url;
        this.headers = List.copyOf(builder.headers);
        this.body = Optional.ofNullable(builder.body);
    }

    /** A builder for a {@code POST} to {@code url}. */
    public static Builder post(String url) {
        return new Builder("POST", url);
    }

    /** A builder for a {@code GET} of {@code url}. */
    public static Builder get(String url) {
        return new Builder("GET", url);
    }

    /** The HTTP method, upper case. */
    public String method() {
        return method;
    }

    /** The absolute {@code http} or {@code https} URL, query included. */
    public String url() {
        return url;
    }

    /** The headers in the order they were added; a name may appear more than once. */
    public List<Header> headers() {
        return headers;
    }

    /** The body; empty for a call without one. */
    public Optional<UpstreamBody> body() {
        return body;
    }

    /** The first value of a header, compared without case; empty when the call does not carry it. */
    public Optional<String> header(String name) {
        for (Header header : headers) {
            if (header.name().equalsIgnoreCase(name)) {
                return Optional.of(header.value());
            }
        }
        return Optional.empty();
    }

    /** Shows the method and URL only: headers may hold the operator's credential. */
    @Override
    public String toString() {
        return method + " " + url;
    }

    /**
     * One request header.
     *
     * @param name  the header name, as it should be sent
     * @param value its value
     */
    public record Header(String name, String value) {
        /** Checks both parts are present. */
        public Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        /** Hides the value, which may be a credential. */
        @Override
        public String toString() {
            return name + ": ***";
        }
    }

    /** Builds an {@link UpstreamCall}. */
    public static final class Builder {
        private final String method;
        private final String url;
        private final List<Header> headers = new ArrayList<>(4);
        private UpstreamBody body;

        private Builder(String method, String url) {
            this.method = method;
            this.url = Objects.requireNonNull(url, "url");
        }

        /** Adds a header; adding a name twice sends it twice. */
        public Builder header(String name, String value) {
            headers.add(new Header(name, value));
            return this;
        }

        /** Sets the body; its content type becomes the call's {@code Content-Type}. */
        public Builder body(UpstreamBody body) {
            this.body = Objects.requireNonNull(body, "body");
            return this;
        }

        /** The call. */
        public UpstreamCall build() {
            return new UpstreamCall(this);
        }
    }
}
