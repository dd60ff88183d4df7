package io.odock.spi.stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonFieldRewriterTest {
    @Test
    void replacesTheModelValueOnly() {
        assertThat(JsonFieldRewriter.rewriteModel("{\"id\":\"a\",\"model\":\"gpt-4o\",\"x\":1}", "alias"))
                .isEqualTo("{\"id\":\"a\",\"model\":\"alias\",\"x\":1}");
        assertThat(JsonFieldRewriter.rewriteModel("{\"model\" : \"a\\\"b\",\"x\":1}", "c"))
                .isEqualTo("{\"model\" : \"c\",\"x\":1}");
    }

    @Test
    void escapesTheNewNameAndLeavesTextsWithoutAModelAlone() {
        assertThat(JsonFieldRewriter.rewriteModel("{\"model\":\"m\"}", "we\"ird")).isEqualTo("{\"model\":\"we\\\"ird\"}");
        assertThat(JsonFieldRewriter.rewriteModel("{\"id\":\"a\"}", "alias")).isEqualTo("{\"id\":\"a\"}");
        assertThat(JsonFieldRewriter.rewriteModel("{\"model\":null}", "alias")).isEqualTo("{\"model\":null}");
    }

    @Test
    void rewritesAnyNamedStringField() {
        assertThat(JsonFieldRewriter.rewrite("{\"candidates\":[],\"modelVersion\": \"gemini-2.0-flash-001\"}",
                "modelVersion", "gem")).isEqualTo("{\"candidates\":[],\"modelVersion\": \"gem\"}");
        assertThat(JsonFieldRewriter.rewrite("{\"model\":\"m\"}", "modelVersion", "gem")).isEqualTo("{\"model\":\"m\"}");
    }
}
