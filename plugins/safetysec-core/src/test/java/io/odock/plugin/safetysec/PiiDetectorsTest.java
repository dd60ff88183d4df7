package io.odock.plugin.safetysec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.odock.plugin.safetysec.Fixtures.foundBy;
import static org.assertj.core.api.Assertions.assertThat;

class PiiDetectorsTest {

    @Test
    void findsEmailAddressesExactly() {
        assertThat(foundBy("pii.email", "write to jane.doe+test@mail.example.co.uk, thanks"))
                .containsExactly("jane.doe+test@mail.example.co.uk");
    }

    @ParameterizedTest
    @ValueSource(strings = {"user@localhost", "follow @odock on social", "a @ b.com", "email me at name(at)example.com"})
    void ignoresTextThatIsNotAnEmail(String text) {
        assertThat(foundBy("pii.email", text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+44 20 7946 0958", "+1 (555) 123-4567", "+33612345678", "(555) 123-4567", "555-123-4567",
            "06 12 34 56 78", "07700 900123"})
    void findsPhoneNumbersInInternationalAndNationalFormats(String phone) {
        assertThat(foundBy("pii.phone", "call me on " + phone + " tomorrow")).containsExactly(phone);
    }

    @ParameterizedTest
    @ValueSource(strings = {"order 5551234567 shipped", "build 20240115 passed", "it costs +12 points",
            "ref 123456789012 done", "on 2024-01-15 at 10:30"})
    void ignoresDigitRunsThatAreNotPhoneNumbers(String text) {
        assertThat(foundBy("pii.phone", text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111 1111 1111 1111", "4111-1111-1111-1111", "5500005555555559", "378282246310005"})
    void findsCardNumbersWithAValidLuhnChecksum(String card) {
        assertThat(foundBy("pii.card_number", "card " + card + " exp 12/29")).containsExactly(card);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111 1111 1111 1112", "5500005555555558", "0000 0000 0000 0000", "4111 1111 111"})
    void ignoresCardLikeNumbersFailingLuhnOrLength(String number) {
        assertThat(foundBy("pii.card_number", "number " + number + " here")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"DE89 3704 0044 0532 0130 00", "DE89370400440532013000", "GB82 WEST 1234 5698 7654 32",
            "FR14 2004 1010 0505 0001 3M02 606"})
    void findsIbansWithValidCheckDigits(String iban) {
        assertThat(foundBy("pii.iban", "pay to " + iban + " AND NOT LATER")).containsExactly(iban);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DE88 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130", "XX89 3704 0044 0532 0130 00",
            "GB82 WEST 1234 5698 7654 33"})
    void ignoresIbansWithAWrongCheckDigitLengthOrCountry(String iban) {
        assertThat(foundBy("pii.iban", "pay to " + iban + " now")).isEmpty();
    }

    @Test
    void findsUsSocialSecurityNumbersOutsideTheInvalidRanges() {
        assertThat(foundBy("pii.national_id", "SSN 123-45-6789.")).containsExactly("123-45-6789");
        assertThat(foundBy("pii.national_id", "SSN 123 45 6789")).containsExactly("123 45 6789");
    }

    @ParameterizedTest
    @ValueSource(strings = {"000-12-3456", "666-12-3456", "912-34-5678", "123-00-4567", "123-45-0000", "123-45 6789"})
    void ignoresSocialSecurityNumbersInInvalidRanges(String ssn) {
        assertThat(foundBy("pii.national_id", "SSN " + ssn)).isEmpty();
    }

    @Test
    void findsUkNationalInsuranceNumbersWithIssuedPrefixes() {
        assertThat(foundBy("pii.national_id", "NI AB 12 34 56 C ok")).containsExactly("AB 12 34 56 C");
        assertThat(foundBy("pii.national_id", "NI GB123456A")).isEmpty();
        assertThat(foundBy("pii.national_id", "NI QQ123456C")).isEmpty();
    }

    @Test
    void findsFrenchNirOnlyWithTheRightKey() {
        assertThat(foundBy("pii.national_id", "NIR 2 55 08 14 168 025 38")).containsExactly("2 55 08 14 168 025 38");
        assertThat(foundBy("pii.national_id", "NIR 255081416802538")).containsExactly("255081416802538");
        assertThat(foundBy("pii.national_id", "NIR 2 55 08 14 168 025 39")).isEmpty();
    }

    @Test
    void findsIpv4AndIpv6Addresses() {
        assertThat(foundBy("pii.ip_address", "host 192.168.1.20.")).containsExactly("192.168.1.20");
        assertThat(foundBy("pii.ip_address", "host 2001:db8:85a3::8a2e:370:7334 up"))
                .containsExactly("2001:db8:85a3::8a2e:370:7334");
        assertThat(foundBy("pii.ip_address", "link fe80::1 up")).containsExactly("fe80::1");
        assertThat(foundBy("pii.ip_address", "full 2001:0db8:0000:0000:0000:ff00:0042:8329"))
                .containsExactly("2001:0db8:0000:0000:0000:ff00:0042:8329");
    }

    @ParameterizedTest
    @ValueSource(strings = {"999.1.1.1", "version 1.2.3.4.5", "at 12:30:45", "std::vector<int>", "a::b",
            "mac 00:1A:2B:3C:4D:5E", "1:2:3:4:5:6:7:8:9"})
    void ignoresTextThatIsNotAnIpAddress(String text) {
        assertThat(foundBy("pii.ip_address", text)).isEmpty();
    }
}
