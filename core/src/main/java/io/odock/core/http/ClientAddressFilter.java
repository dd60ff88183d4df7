package io.odock.core.http;

import io.odock.core.net.Cidr;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.util.Collections;
import java.util.List;

/**
 * Finds the caller's address: the connection's, unless it comes from a trusted proxy ({@code server.trustedProxies}),
 * in which case {@code X-Forwarded-For} is read from the right, skipping trusted hops, and the first untrusted
 * address is the client. A client cannot forge its way past an IP allow list by sending the header itself: entries it
 * wrote sit left of the addresses the trusted proxies appended.
 *
 * <p>A servlet filter rather than a Jersey one: it reads the connection straight from the servlet request, where a
 * Jersey filter reached it through an injected per-request proxy that profiles showed on every call. Jersey sees the
 * servlet request's attributes as request properties, so routes read {@link #PROPERTY} as before.
 */
public final class ClientAddressFilter implements Filter {
    /** The request attribute (a request property in Jersey) holding the address. */
    public static final String PROPERTY = "odock.clientIp";

    private final List<Cidr> trustedProxies;

    /** Trusts these proxies' {@code X-Forwarded-For}. */
    public ClientAddressFilter(List<Cidr> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String remote = request.getRemoteAddr();
        List<String> forwardedFor = trustedProxies.isEmpty() || !(request instanceof HttpServletRequest http)
                ? null : Collections.list(http.getHeaders("X-Forwarded-For"));
        request.setAttribute(PROPERTY, clientAddress(remote, forwardedFor));
        chain.doFilter(request, response);
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
