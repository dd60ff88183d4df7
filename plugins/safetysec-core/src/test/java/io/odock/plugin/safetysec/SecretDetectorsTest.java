package io.odock.plugin.safetysec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static io.odock.plugin.safetysec.Fixtures.foundBy;
import static io.odock.plugin.safetysec.Fixtures.requestRules;
import static org.assertj.core.api.Assertions.assertThat;

class SecretDetectorsTest {
    private static final String ALNUM_48 = "T3BlbkFJabcdefghijklmnopqrstuvwxyz0123456789ABCD";

    @ParameterizedTest
    @CsvSource({
            "secrets.openai_api_key, sk-" + ALNUM_48,
            "secrets.openai_api_key, sk-proj-" + ALNUM_48 + "_-x",
            "secrets.anthropic_api_key, sk-ant-api03-" + ALNUM_48,
            "secrets.aws_access_key_id, AKIAIOSFODNN7EXAMPLE",
            "secrets.aws_access_key_id, ASIAY34FZKBOKMUTVV7A",
            "secrets.github_token, ghp_abcdefghijklmnopqrstuvwxyz0123456789",
            "secrets.github_token, gho_abcdefghijklmnopqrstuvwxyz0123456789",
            "secrets.github_token, github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
            "secrets.google_api_key, AIzaSyA1234567890abcdefghijklmnopqrstuv",
            "secrets.slack_token, xoxb-123456789012-1234567890123-abcdefghijklmnop",
            "secrets.stripe_key, sk_live_abcdefghijklmnopqrstuvwx",
            "secrets.stripe_key, rk_live_abcdefghijklmnopqrstuvwx",
    })
    void findsProviderAndCloudKeys(String rule, String key) {
        assertThat(foundBy(rule, "key=" + key + " end")).containsExactly(key);
    }

    @Test
    void anAnthropicKeyIsNotAlsoReportedAsAnOpenAiKey() {
        assertThat(requestRules("sk-ant-api03-" + ALNUM_48)).containsExactly("secrets.anthropic_api_key");
    }

    @ParameterizedTest
    @CsvSource({
            "secrets.openai_api_key, use sk-abc123 as a placeholder",
            "secrets.openai_api_key, pip install sk-learn-extra",
            "secrets.aws_access_key_id, AKIA1234 is too short",
            "secrets.github_token, ghp_short",
            "secrets.google_api_key, AIzaTooShort",
            "secrets.stripe_key, sk_test_abcdefghijklmnopqrstuvwx",
            "secrets.bearer_token, she was the bearer of bad news",
    })
    void ignoresNearMisses(String rule, String text) {
        assertThat(foundBy(rule, text)).isEmpty();
    }

    @Test
    void findsJwtsWhoseHeaderIsJsonWithAlg() {
        String jwt = base64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + base64url("{\"sub\":\"42\"}")
                + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        assertThat(foundBy("secrets.jwt", "token " + jwt + " ok")).containsExactly(jwt);
    }

    @Test
    void ignoresJwtLookAlikesWhoseHeaderIsNotJsonWithAlg() {
        String notJson = base64url("{\"alg\" HS256") + "." + base64url("{\"sub\":\"42\"}") + ".c2lnbmF0dXJl";
        String noAlg = base64url("{\"typ\":\"JWT\"}") + "." + base64url("{\"sub\":\"42\"}") + ".c2lnbmF0dXJl";
        assertThat(notJson).startsWith("eyJ");
        assertThat(foundBy("secrets.jwt", notJson)).isEmpty();
        assertThat(foundBy("secrets.jwt", noAlg)).isEmpty();
    }

    @Test
    void findsTheBodyOfPemPrivateKeys() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq\nq9f3xk2==\n-----END RSA PRIVATE KEY-----";
        assertThat(foundBy("secrets.private_key", "here: " + pem)).containsExactly("MIIEowIBAAKCAQEA7bq\nq9f3xk2==");
        assertThat(foundBy("secrets.private_key", "-----BEGIN PRIVATE KEY-----\nMIIEvQ unterminated"))
                .containsExactly("MIIEvQ unterminated");
    }

    @Test
    void ignoresPublicKeysAndCertificates() {
        assertThat(foundBy("secrets.private_key", "-----BEGIN PUBLIC KEY-----\nMIIBIjAN\n-----END PUBLIC KEY-----"))
                .isEmpty();
    }

    @Test
    void findsBearerTokensButKeepsTheWordBearer() {
        assertThat(foundBy("secrets.bearer_token", "Authorization: Bearer abcDEF1234567890.xyz-_~+/="))
                .containsExactly("abcDEF1234567890.xyz-_~+/=");
    }

    private static String base64url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
