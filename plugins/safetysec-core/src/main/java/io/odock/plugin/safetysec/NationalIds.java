package io.odock.plugin.safetysec;

import java.util.Set;

/** Confirms national identifiers beyond what their patterns say: excluded ranges and check keys. */
final class NationalIds {
    /** NINO prefixes HMRC never issues. */
    private static final Set<String> UNISSUED_NINO_PREFIXES = Set.of("BG", "GB", "NK", "KN", "TN", "NT", "ZZ");

    private NationalIds() {
    }

    /** A US Social Security number outside the ranges never issued (area 000, 666, 900-999; group 00; serial 0000). */
    static boolean isUsSsn(String candidate) {
        String digits = candidate.replaceAll("[^0-9]", "");
        int area = Integer.parseInt(digits.substring(0, 3));
        int group = Integer.parseInt(digits.substring(3, 5));
        int serial = Integer.parseInt(digits.substring(5, 9));
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
    }

    /** A UK National Insurance number whose prefix is issued. */
    static boolean isUkNino(String candidate) {
        return !UNISSUED_NINO_PREFIXES.contains(candidate.substring(0, 2));
    }

    /**
     * A French NIR (numéro de sécurité sociale) whose key is 97 minus the first 13 digits mod 97; Corsican departments
     * 2A and 2B count as 19 and 18.
     */
    static boolean isFrenchNir(String candidate) {
        String compact = candidate.replace(" ", "");
        if (compact.length() != 15) {
            return false;
        }
        String body = compact.substring(0, 13).replace("2A", "19").replace("2B", "18");
        long number = Long.parseLong(body);
        int key = Integer.parseInt(compact.substring(13));
        return key == 97 - (int) (number % 97);
    }
}
