package io.odock.plugin.safetysec;

/** Confirms IPv6 candidates, which a bounded expression can only shape roughly. */
final class IpAddresses {
    private IpAddresses() {
    }

    /**
     * Whether the candidate is an IPv6 address in colon-hex form with at most one {@code ::}. To avoid flagging
     * identifiers in code ({@code a::b}), it must contain a digit and at least two non-empty groups.
     */
    static boolean isIpv6(String candidate) {
        int doubleColon = candidate.indexOf("::");
        if (doubleColon >= 0 && candidate.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        int groups;
        if (doubleColon < 0) {
            groups = countGroups(candidate);
            if (groups != 8) {
                return false;
            }
        } else {
            int before = countGroups(candidate.substring(0, doubleColon));
            int after = countGroups(candidate.substring(doubleColon + 2));
            if (before < 0 || after < 0 || before + after > 7) {
                return false;
            }
            groups = before + after;
        }
        return groups >= 2 && candidate.chars().anyMatch(Character::isDigit);
    }

    /** The number of 1-4 hex digit groups in a colon-separated part, 0 if empty, -1 if malformed. */
    private static int countGroups(String part) {
        if (part.isEmpty()) {
            return 0;
        }
        String[] groups = part.split(":", -1);
        for (String group : groups) {
            if (group.isEmpty() || group.length() > 4) {
                return -1;
            }
        }
        return groups.length;
    }
}
