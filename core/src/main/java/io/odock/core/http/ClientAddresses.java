package io.odock.core.http;

import io.odock.core.net.Cidr;
import org.eclipse.jetty.server.Request;

import java.util.List;

/**
 * Finds the caller's address: the connection's, unless it comes from a trusted proxy ({@code server.trustedProxies}),
 * in which case {@code X-Forwarded-For} is read from the right, skipping trusted hops, and the first untrusted
 * address is the client. A client cannot forge its way past an IP allow list by sending the header itself: entries it
 * wrote sit left of the addresses the trusted proxies appended.
 *
 * <p>{@link JerseyHandler} asks once per request, straight from Jetty's request, and hands the answer to Jersey as the
 * request property {@link #PROPERTY}; a Jersey filter would reach the connection only through an injected per-request
 * proxy, which profiles showed on every call.
 */
public final class ClientAddresses {
    /** The request property holding the address. */
    public static final String PROPERTY = "odock.clientIp";
    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private final List<Cidr> trustedProxies;

    /** Trusts these proxies' {@code X-Forwarded-For}. */
    public ClientAddresses(List<Cidr> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /** The client's address for this request. */
    public String of(Request request) {
        String remote = Request.getRemoteAddr(request);
        List<String> forwardedFor = trustedProxies.isEmpty() ? null : request.getHeaders().getValuesList(FORWARDED_FOR);
        return clientAddress(remote, forwardedFor);
    }

    /** The client's address given the connection's and the forwarded-for header values. */
    String clientAddress(String remote, List<String> forwardedFor) {
        if (!trusted(remote) || forwardedFor == null || forwardedFor.isEmpty()) {
            return remote;
        }
        String joined = String.join(",", forwardedFor);
        String[] hops = joined.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (hop.isEmpty()) {
                continue;
            }
            if (!trusted(hop)) {
                return hop;
            }
        }
        return remote;
    }

    private boolean trusted(String address) {
        for (Cidr proxy : trustedProxies) {
            if (proxy.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
