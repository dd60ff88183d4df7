package io.odock.core.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DialectsTest {

    @Test
    void dialectsFollowThePath() {
        assertThat(Dialects.forPath("/v1/chat/completions")).isEqualTo(Dialects.OPENAI);
        assertThat(Dialects.forPath("v1/messages")).isEqualTo(Dialects.ANTHROPIC);
        assertThat(Dialects.forPath("/v1/messages/count_tokens")).isEqualTo(Dialects.ANTHROPIC);
        assertThat(Dialects.forPath("/v1beta/models/x:generateContent")).isEqualTo(Dialects.GEMINI);
        assertThat(Dialects.forPath("/v1beta/models/x:countTokens")).isEqualTo(Dialects.GEMINI);
        assertThat(Dialects.forPath("/v1/llm/chat")).isEqualTo(Dialects.ODOCK);
        assertThat(Dialects.forPath("/v1/vllm/tokenize")).isEqualTo(Dialects.VLLM);
        assertThat(Dialects.forPath("/v1/vllm/audio/nope")).isEqualTo(Dialects.VLLM);
        assertThat(Dialects.forPath("/admin/v1/keys")).isEqualTo(Dialects.ODOCK);
        assertThat(Dialects.forPath("/")).isEqualTo(Dialects.ODOCK);
    }

    @Test
    void geminisActionsUnderV1AreGeminiButOpenAiModelNamesWithColonsStayOpenAi() {
        assertThat(Dialects.forPath("/v1/models/gemini-2.0-flash:generateContent")).isEqualTo(Dialects.GEMINI);
        assertThat(Dialects.forPath("/v1/models/gemini-2.0-flash:streamGenerateContent")).isEqualTo(Dialects.GEMINI);
        assertThat(Dialects.forPath("/v1/models")).isEqualTo(Dialects.OPENAI);
        assertThat(Dialects.forPath("/v1/models/gpt-4o")).isEqualTo(Dialects.OPENAI);
        assertThat(Dialects.forPath("/v1/models/ft:gpt-4o-mini:acme:custom")).isEqualTo(Dialects.OPENAI);
    }
}
