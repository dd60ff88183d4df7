package io.odock.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); a bare address is a network
 * of one. Only literal addresses are accepted, so parsing never does a DNS lookup.
 *
 * @param text   the notation as the operator wrote it
 * @param prefix the network's address bytes
 * @param bits   the prefix length
 */
public record Cidr(String text, byte[] prefix, int bits) {

    /** Validates the components. */
    public Cidr {
        Objects.requireNonNull(text, "text");
        prefix = prefix.clone();
        if (bits < 0 || bits > prefix.length * 8) {
            throw new IllegalArgumentException("prefix length out of range in '" + text + "'");
        }
    }

    /**
     * Parses {@code address[/bits]}.
     *
     * @throws IllegalArgumentException for anything that is not a literal address with an optional prefix length
     */
    public static Cidr parse(String notation) {
        String text = notation == null ? "" : notation.strip();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = literal(address).orElseThrow(() -> new IllegalArgumentException(
                "'" + text + "' is not an IP address or CIDR network (such as 10.0.0.0/8 or 2001:db8::/32)"));
        int bits = bytes.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
            }
        }
        return new Cidr(text, bytes, bits);
    }

    /** Whether the address (a literal, as a servlet container reports it) is inside this network. */
    public boolean contains(String address) {
        Optional<byte[]> bytes = literal(address);
        return bytes.isPresent() && contains(bytes.get());
    }

    private boolean contains(byte[] address) {
        byte[] candidate = address;
        if (candidate.length != prefix.length) {
            // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) matches IPv4 networks.
            if (candidate.length == 16 && prefix.length == 4 && isV4Mapped(candidate)) {
                candidate = java.util.Arrays.copyOfRange(candidate, 12, 16);
            } else {
                return false;
            }
        }
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != prefix[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (candidate[full] & mask) == (prefix[full] & mask);
    }

    private static boolean isV4Mapped(byte[] address) {
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xFF && address[11] == (byte) 0xFF;
    }

    /** The address's bytes when it is an IP literal; never resolves a host name. */
    private static Optional<byte[]> literal(String address) {
        if (address == null || address.isEmpty()) {
            return Optional.empty();
        }
        String bare = address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1) : address;
        boolean ipv4 = bare.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = bare.indexOf(':') >= 0 && bare.matches("[0-9A-Fa-f:.%a-zA-Z0-9]+");
        if (!ipv4 && !ipv6) {
            return Optional.empty();
        }
        if (ipv4) {
            for (String part : bare.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return Optional.empty();
                }
            }
        }
        try {
            // A literal never triggers a lookup in InetAddress.getByName.
            return Optional.of(InetAddress.getByName(bare).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr that && that.bits == bits && java.util.Arrays.equals(that.prefix, prefix);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(prefix) + bits;
    }

    @Override
    public String toString() {
        return text;
    }
}
