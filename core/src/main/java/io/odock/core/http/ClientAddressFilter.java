package io.odock.core.http;

import io.odock.core.net.Cidr;
import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;

import java.util.List;

/**
 * Finds the caller's address: the connection's, unless it comes from a trusted proxy ({@code server.trustedProxies}),
 * in which case {@code X-Forwarded-For} is read from the right, skipping trusted hops, and the first untrusted
 * address is the client. A client cannot forge its way past an IP allow list by sending the header itself: entries it
 * wrote sit left of the addresses the trusted proxies appended.
 */
@Priority(Priorities.AUTHENTICATION - 100)
public final class ClientAddressFilter implements ContainerRequestFilter {
    /** The request property holding the address. */
    public static final String PROPERTY = "odock.clientIp";

    private final List<Cidr> trustedProxies;

    @Context
    private HttpServletRequest servlet;

    /** Trusts these proxies' {@code X-Forwarded-For}. */
    public ClientAddressFilter(List<Cidr> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(PROPERTY, clientAddress(servlet.getRemoteAddr(),
                request.getHeaders().get("X-Forwarded-For")));
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
