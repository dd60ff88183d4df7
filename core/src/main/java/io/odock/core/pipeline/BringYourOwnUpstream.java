package io.odock.core.pipeline;

import io.odock.core.config.ByokPolicy;
import io.odock.core.keys.ApiKey;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.Secret;
import io.odock.spi.model.UpstreamTarget;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Lets a caller whose key allows it bring its own upstream key ({@code x-odock-upstream-key}) or base URL
 * ({@code x-odock-upstream-base-url}). A base URL must fall under one of the operator's allowed prefixes and, unless the
 * operator allows private addresses, resolve only to public ones: loopback, link-local (cloud metadata lives there),
 * private and unique-local addresses are refused, so the gateway cannot be turned into a proxy into its own network.
 * The caller's key is only ever held as a {@link Secret}: never logged, never stored.
 */
final class BringYourOwnUpstream {
    static final String KEY_HEADER = "x-odock-upstream-key";
    static final String BASE_URL_HEADER = "x-odock-upstream-base-url";

    /** Resolves host names; a seam so tests need no DNS. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final ByokPolicy policy;
    private final Resolver resolver;

    BringYourOwnUpstream(ByokPolicy policy) {
        this(policy, InetAddress::getAllByName);
    }

    BringYourOwnUpstream(ByokPolicy policy, Resolver resolver) {
        this.policy = policy;
        this.resolver = resolver;
    }

    /**
     * How this call's upstream targets change; identity when the caller brings nothing.
     *
     * @throws GatewayException 403 {@code byok_not_allowed}, 400 {@code base_url_not_allowed}
     */
    UnaryOperator<UpstreamTarget> overrides(ApiKey key, InboundRequest http) {
        Optional<String> apiKey = http.header(KEY_HEADER).map(String::trim).filter(v -> !v.isEmpty());
        Optional<String> baseUrl = http.header(BASE_URL_HEADER).map(String::trim).filter(v -> !v.isEmpty());
        if (apiKey.isEmpty() && baseUrl.isEmpty()) {
            return UnaryOperator.identity();
        }
        if (!key.allowByok()) {
            throw new GatewayException(403, ErrorCodes.BYOK_NOT_ALLOWED,
                    "This API key may not bring its own upstream key or base URL");
        }
        baseUrl.ifPresent(this::check);
        return target -> target.with(baseUrl.orElse(target.baseUrl()), apiKey.map(Secret::of).orElse(target.apiKey()));
    }

    private void check(String baseUrl) {
        URI uri;
        try {
            uri = new URI(baseUrl);
        } catch (URISyntaxException e) {
            throw refused("is not a valid URL");
        }
        if (uri.getHost() == null || uri.getUserInfo() != null
                || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw refused("must be an http(s) URL with a host and no credentials");
        }
        if (policy.allowedBaseUrls().stream().noneMatch(allowed -> within(uri, allowed))) {
            throw refused("is not on this gateway's list of allowed upstream base URLs");
        }
        if (!policy.allowPrivateAddresses()) {
            InetAddress[] addresses;
            try {
                addresses = resolver.resolve(uri.getHost());
            } catch (UnknownHostException e) {
                throw refused("has a host that does not resolve");
            }
            for (InetAddress address : addresses) {
                if (isPrivate(address)) {
                    throw refused("points into a private network");
                }
            }
        }
    }

    /** The same scheme, host and port, and a path under the allowed one. */
    static boolean within(URI candidate, String allowedPrefix) {
        URI allowed = URI.create(allowedPrefix);
        String allowedPath = allowed.getPath() == null || allowed.getPath().isEmpty() ? "/" : allowed.getPath();
        String path = candidate.getPath() == null || candidate.getPath().isEmpty() ? "/" : candidate.getPath();
        return allowed.getScheme().equalsIgnoreCase(candidate.getScheme())
                && allowed.getHost() != null
                && allowed.getHost().toLowerCase(Locale.ROOT).equals(candidate.getHost().toLowerCase(Locale.ROOT))
                && port(allowed) == port(candidate)
                && (path + (path.endsWith("/") ? "" : "/")).startsWith(allowedPath.endsWith("/") ? allowedPath
                        : allowedPath + "/");
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** Loopback, any-local, link-local (metadata), private, unique-local, carrier-grade NAT or multicast. */
    static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (bytes.length == 16) {
            return (bytes[0] & 0xfe) == 0xfc;
        }
        return (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
    }

    private static GatewayException refused(String why) {
        return new GatewayException(400, ErrorCodes.BASE_URL_NOT_ALLOWED, "The upstream base URL " + why);
    }
}
