package io.odock.core.net;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrTest {

    @Test
    void matchesIpv4Networks() {
        Cidr network = Cidr.parse("10.1.0.0/16");
        assertThat(network.contains("10.1.200.7")).isTrue();
        assertThat(network.contains("10.2.0.1")).isFalse();
        assertThat(Cidr.parse("192.168.1.128/25").contains("192.168.1.200")).isTrue();
        assertThat(Cidr.parse("192.168.1.128/25").contains("192.168.1.100")).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains("8.8.8.8")).isTrue();
    }

    @Test
    void aBareAddressIsANetworkOfOne() {
        Cidr one = Cidr.parse("127.0.0.1");
        assertThat(one.contains("127.0.0.1")).isTrue();
        assertThat(one.contains("127.0.0.2")).isFalse();
    }

    @Test
    void matchesIpv6AndMappedIpv4() {
        assertThat(Cidr.parse("2001:db8::/32").contains("2001:db8:1::5")).isTrue();
        assertThat(Cidr.parse("2001:db8::/32").contains("2001:db9::5")).isFalse();
        assertThat(Cidr.parse("::1").contains("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").contains("::ffff:10.9.8.7")).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").contains("2001:db8::1")).isFalse();
    }

    @Test
    void refusesWhatIsNotALiteralNetwork() {
        assertThatThrownBy(() -> Cidr.parse("example.com")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("example.com");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("10.0.0.300")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Cidr.parse("10.0.0.0/8").contains("not-an-address")).isFalse();
    }
}
