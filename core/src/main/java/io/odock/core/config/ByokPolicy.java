package io.odock.core.config;

import java.util.List;

/**
 * What callers of a key with {@code allow_byok} may bring ({@code upstream.allowedBaseUrls},
 * {@code upstream.allowPrivateAddresses}): their own upstream key always; their own base URL only when it starts with
 * one of the allowed prefixes and, unless private addresses are allowed, resolves to public addresses only, so the
 * gateway is never an open proxy into the operator's network or a cloud metadata service.
 *
 * @param allowedBaseUrls       base URL prefixes a caller may send calls to, such as {@code https://my.openai.azure.com/}
 * @param allowPrivateAddresses whether those may resolve to loopback, link-local, private or metadata addresses
 */
public record ByokPolicy(List<String> allowedBaseUrls, boolean allowPrivateAddresses) {
    /** No base URL may be brought; the default. */
    public static final ByokPolicy NONE = new ByokPolicy(List.of(), false);

    /** Makes the list immutable. */
    public ByokPolicy {
        allowedBaseUrls = List.copyOf(allowedBaseUrls);
    }
}
