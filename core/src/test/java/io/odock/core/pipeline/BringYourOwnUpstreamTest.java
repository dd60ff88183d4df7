package io.odock.core.pipeline;

import io.odock.core.config.ByokPolicy;
import io.odock.core.keys.ApiKey;
import io.odock.core.keys.KeyState;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.Secret;
import io.odock.spi.model.UpstreamTarget;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BringYourOwnUpstreamTest {
    private static final UpstreamTarget OPERATOR = UpstreamTarget.of("openai", "https://api.openai.com/v1",
            Secret.of("sk-operator"), Duration.ofSeconds(5), "gpt-4o-mini");

    private static ApiKey key(boolean byok) {
        return new ApiKey("key_1", "k", "odk_1234", List.of(), byok, KeyState.ACTIVE, Instant.now(), Optional.empty(),
                Optional.empty());
    }

    private static InboundRequest call(Map<String, String> headers) {
        return new InboundRequest("req", "127.0.0.1", headers, Map.of(), new ByteArrayInputStream(new byte[0]), 0);
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private final BringYourOwnUpstream byok = new BringYourOwnUpstream(
            new ByokPolicy(List.of("https://azure.example/openai/"), false),
            host -> switch (host) {
                case "azure.example" -> new InetAddress[]{address("20.1.2.3")};
                case "inside.example" -> new InetAddress[]{address("10.0.0.5")};
                default -> throw new UnknownHostException(host);
            });

    @Test
    void nothingBroughtChangesNothing() {
        assertThat(byok.overrides(key(false), call(Map.of())).apply(OPERATOR)).isEqualTo(OPERATOR);
    }

    @Test
    void onlyKeysThatAllowItMayBringAnything() {
        assertThatThrownBy(() -> byok.overrides(key(false), call(Map.of("x-odock-upstream-key", "sk-mine"))))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.code()).isEqualTo(ErrorCodes.BYOK_NOT_ALLOWED);
                });
        UpstreamTarget mine = byok.overrides(key(true), call(Map.of("x-odock-upstream-key", "sk-mine")))
                .apply(OPERATOR);
        assertThat(mine.apiKey().reveal()).isEqualTo("sk-mine");
        assertThat(mine.baseUrl()).isEqualTo(OPERATOR.baseUrl());
    }

    @Test
    void aBroughtBaseUrlMustBeAllowedAndPublic() {
        UpstreamTarget mine = byok.overrides(key(true),
                call(Map.of("x-odock-upstream-base-url", "https://azure.example/openai/deployments/x"))).apply(OPERATOR);
        assertThat(mine.baseUrl()).isEqualTo("https://azure.example/openai/deployments/x");
        assertThat(mine.apiKey()).isEqualTo(OPERATOR.apiKey());

        for (String refused : List.of("https://azure.example/other", "https://azure.example.evil.test/openai/",
                "http://azure.example/openai/", "https://azure.example:8443/openai/", "https://user@azure.example/openai/",
                "ftp://azure.example/openai/", "not a url")) {
            assertThatThrownBy(() -> byok.overrides(key(true), call(Map.of("x-odock-upstream-base-url", refused))))
                    .as(refused).isInstanceOfSatisfying(GatewayException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCodes.BASE_URL_NOT_ALLOWED));
        }
        BringYourOwnUpstream inside = new BringYourOwnUpstream(
                new ByokPolicy(List.of("https://inside.example/"), false), host -> new InetAddress[]{address("10.0.0.5")});
        assertThatThrownBy(() -> inside.overrides(key(true), call(Map.of("x-odock-upstream-base-url",
                "https://inside.example/v1")))).hasMessageContaining("private network");
        BringYourOwnUpstream allowed = new BringYourOwnUpstream(
                new ByokPolicy(List.of("https://inside.example/"), true), host -> new InetAddress[]{address("10.0.0.5")});
        assertThat(allowed.overrides(key(true), call(Map.of("x-odock-upstream-base-url", "https://inside.example/v1")))
                .apply(OPERATOR).baseUrl()).isEqualTo("https://inside.example/v1");
    }

    @Test
    void privateAddressesAreRecognised() {
        for (String ip : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
                "100.64.0.1", "::1", "fd00:ec2::254", "fe80::1", "224.0.0.1")) {
            assertThat(BringYourOwnUpstream.isPrivate(address(ip))).as(ip).isTrue();
        }
        for (String ip : List.of("8.8.8.8", "20.1.2.3", "2606:4700::1111", "100.128.0.1")) {
            assertThat(BringYourOwnUpstream.isPrivate(address(ip))).as(ip).isFalse();
        }
        assertThat(BringYourOwnUpstream.within(URI.create("https://a.example/v1/x"), "https://a.example/v1")).isTrue();
        assertThat(BringYourOwnUpstream.within(URI.create("https://a.example/v10"), "https://a.example/v1")).isFalse();
    }
}
