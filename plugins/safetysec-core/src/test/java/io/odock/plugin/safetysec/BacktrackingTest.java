package io.odock.plugin.safetysec;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.odock.plugin.safetysec.Fixtures.chat;
import static io.odock.plugin.safetysec.Fixtures.info;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A guard against patterns that backtrack catastrophically: such a pattern does not get slow, it hangs, so the bound is
 * a hang detector, not a measurement (how fast SafetySec is belongs to the benchmark, not to unit tests).
 */
class BacktrackingTest {
    private final SafetySecFilter filter = Fixtures.defaultFilter();

    @Test
    void adversarialInputsDoNotBacktrackCatastrophically() {
        String[] inputs = {
                "a".repeat(50_000) + "@",
                "1 ".repeat(30_000),
                "1-".repeat(30_000) + "x",
                "sk-" + "a".repeat(50_000),
                ":".repeat(30_000) + "1",
                "ignore ".repeat(10_000) + "all the",
                "eyJ" + "a".repeat(30_000) + "." + "b".repeat(30_000),
                "DE89 " + "A ".repeat(30_000),
                "-----BEGIN RSA PRIVATE KEY-----" + "x".repeat(50_000),
        };
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (String input : inputs) {
                assertThatCode(() -> filter.inspectRequest(chat(input), info())).doesNotThrowAnyException();
                assertThatCode(() -> filter.inspectResponse(chat("q"), Fixtures.answer(input), info()))
                        .doesNotThrowAnyException();
            }
        });
    }
}
