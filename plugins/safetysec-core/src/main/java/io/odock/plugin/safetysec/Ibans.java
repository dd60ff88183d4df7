package io.odock.plugin.safetysec;

import java.util.Map;
import java.util.Optional;

/** Confirms IBANs: the country's length (ISO 13616 registry) and the mod-97 check digits. */
final class Ibans {
    private static final Map<String, Integer> LENGTHS = Map.ofEntries(
            Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AL", 28), Map.entry("AT", 20), Map.entry("AZ", 28),
            Map.entry("BA", 20), Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("BH", 22), Map.entry("BR", 29),
            Map.entry("BY", 28), Map.entry("CH", 21), Map.entry("CR", 22), Map.entry("CY", 28), Map.entry("CZ", 24),
            Map.entry("DE", 22), Map.entry("DK", 18), Map.entry("DO", 28), Map.entry("EE", 20), Map.entry("EG", 29),
            Map.entry("ES", 24), Map.entry("FI", 18), Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22),
            Map.entry("GE", 22), Map.entry("GI", 23), Map.entry("GL", 18), Map.entry("GR", 27), Map.entry("GT", 28),
            Map.entry("HR", 21), Map.entry("HU", 28), Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IQ", 23),
            Map.entry("IS", 26), Map.entry("IT", 27), Map.entry("JO", 30), Map.entry("KW", 30), Map.entry("KZ", 20),
            Map.entry("LB", 28), Map.entry("LC", 32), Map.entry("LI", 21), Map.entry("LT", 20), Map.entry("LU", 20),
            Map.entry("LV", 21), Map.entry("MC", 27), Map.entry("MD", 24), Map.entry("ME", 22), Map.entry("MK", 19),
            Map.entry("MR", 27), Map.entry("MT", 31), Map.entry("MU", 30), Map.entry("NL", 18), Map.entry("NO", 15),
            Map.entry("PK", 24), Map.entry("PL", 28), Map.entry("PS", 29), Map.entry("PT", 25), Map.entry("QA", 29),
            Map.entry("RO", 24), Map.entry("RS", 22), Map.entry("SA", 24), Map.entry("SC", 31), Map.entry("SE", 24),
            Map.entry("SI", 19), Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("ST", 25), Map.entry("SV", 28),
            Map.entry("TL", 23), Map.entry("TN", 24), Map.entry("TR", 26), Map.entry("UA", 29), Map.entry("VA", 22),
            Map.entry("VG", 24), Map.entry("XK", 20));

    private Ibans() {
    }

    /**
     * The IBAN at the start of the candidate, cut to its country's length, when its check digits are right. The
     * candidate may run on into following words (the expression cannot know the country's length), so it is cut here.
     */
    static Optional<String> confirm(String candidate) {
        Integer length = LENGTHS.get(candidate.substring(0, 2));
        if (length == null) {
            return Optional.empty();
        }
        StringBuilder compact = new StringBuilder(length);
        int end = 0;
        while (end < candidate.length() && compact.length() < length) {
            char c = candidate.charAt(end++);
            if (c != ' ') {
                compact.append(c);
            }
        }
        boolean runsOn = end < candidate.length() && candidate.charAt(end) != ' ';
        if (compact.length() < length || runsOn || !checkDigitsValid(compact)) {
            return Optional.empty();
        }
        return Optional.of(candidate.substring(0, end));
    }

    /** ISO 13616: move the first four characters to the end, read letters as 10..35, the number mod 97 is 1. */
    static boolean checkDigitsValid(CharSequence iban) {
        String rearranged = iban.subSequence(4, iban.length()).toString() + iban.subSequence(0, 4);
        int remainder = 0;
        for (int i = 0; i < rearranged.length(); i++) {
            char c = rearranged.charAt(i);
            int value = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value < 10 ? (remainder * 10 + value) % 97 : (remainder * 100 + value) % 97;
        }
        return remainder == 1;
    }
}
