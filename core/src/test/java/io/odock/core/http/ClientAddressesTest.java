package io.odock.core.http;

import io.odock.core.net.Cidr;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressesTest {
    private final ClientAddresses filter = new ClientAddresses(List.of(Cidr.parse("10.0.0.0/8")));

    @Test
    void anUntrustedConnectionIsTheClientWhateverItClaims() {
        assertThat(filter.clientAddress("203.0.113.9", List.of("1.2.3.4"))).isEqualTo("203.0.113.9");
    }

    @Test
    void aTrustedProxysForwardedForNamesTheClient() {
        assertThat(filter.clientAddress("10.0.0.5", List.of("198.51.100.7"))).isEqualTo("198.51.100.7");
        assertThat(filter.clientAddress("10.0.0.5", null)).isEqualTo("10.0.0.5");
    }

    @Test
    void entriesTheClientForgedLeftOfTheProxiesAreIgnored() {
        assertThat(filter.clientAddress("10.0.0.5", List.of("127.0.0.1, 198.51.100.7, 10.0.0.4")))
                .isEqualTo("198.51.100.7");
        assertThat(filter.clientAddress("10.0.0.5", List.of("127.0.0.1", "198.51.100.7")))
                .isEqualTo("198.51.100.7");
    }
}
