package io.odock.core.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialSourcesTest {
    @Test
    void aMissingKeyErrorNamesEveryPlaceTheRouteAccepts() {
        assertThat(CredentialSources.BEARER.describe()).isEqualTo("'Authorization: Bearer KEY'");
        assertThat(CredentialSources.ANTHROPIC.describe())
                .isEqualTo("'Authorization: Bearer KEY' or 'x-api-key: KEY'");
        assertThat(CredentialSources.GEMINI.describe())
                .isEqualTo("'Authorization: Bearer KEY', 'x-goog-api-key: KEY' or '?key=KEY'");
    }
}
