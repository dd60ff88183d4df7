package io.odock.plugin.openai;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ModelFieldRewriterTest {
    @Test
    void replacesTheModelValueOnly() {
        assertThat(ModelFieldRewriter.rewrite("{\"id\":\"a\",\"model\":\"gpt-4o\",\"x\":1}", "alias"))
                .isEqualTo("{\"id\":\"a\",\"model\":\"alias\",\"x\":1}");
        assertThat(ModelFieldRewriter.rewrite("{\"model\" : \"a\\\"b\",\"x\":1}", "c"))
                .isEqualTo("{\"model\" : \"c\",\"x\":1}");
    }

    @Test
    void escapesTheNewNameAndLeavesTextsWithoutAModelAlone() {
        assertThat(ModelFieldRewriter.rewrite("{\"model\":\"m\"}", "we\"ird")).isEqualTo("{\"model\":\"we\\\"ird\"}");
        assertThat(ModelFieldRewriter.rewrite("{\"id\":\"a\"}", "alias")).isEqualTo("{\"id\":\"a\"}");
        assertThat(ModelFieldRewriter.rewrite("{\"model\":null}", "alias")).isEqualTo("{\"model\":null}");
    }
}
