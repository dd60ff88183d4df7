package io.odock.plugin.safetysec;

/** Confirms payment card numbers: 13 to 19 digits with a valid Luhn checksum. */
final class CardNumbers {
    private CardNumbers() {
    }

    /** Whether the candidate (digits, spaces and dashes) is a plausible card number. */
    static boolean isCardNumber(String candidate) {
        String digits = candidate.replaceAll("[ -]", "");
        if (digits.length() < 13 || digits.length() > 19 || allSameDigit(digits)) {
            // A run of one repeated digit (all zeros passes Luhn) is filler, not a card.
            return false;
        }
        return luhnValid(digits);
    }

    /** The Luhn (mod 10) check over a string of digits. */
    static boolean luhnValid(String digits) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (doubleIt) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    private static boolean allSameDigit(String digits) {
        return digits.chars().allMatch(c -> c == digits.charAt(0));
    }
}
