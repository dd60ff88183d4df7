package io.odock.plugin.safetysec;

import io.odock.spi.plugin.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.odock.plugin.safetysec.Fixtures.chat;
import static io.odock.plugin.safetysec.Fixtures.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class PerformanceTest {
    private final SafetySecFilter filter = Fixtures.defaultFilter();

    @Test
    void cleanTextCostsMicrosecondsPerKilobyte() {
        String kilobyte = "The quarterly report covers revenue, hiring and the roadmap for next year. ".repeat(14);
        var request = chat(kilobyte.repeat(64));
        for (int i = 0; i < 200; i++) {
            assertThat(filter.inspectRequest(request, info())).isEqualTo(Verdict.allow());
        }
        int runs = 200;
        long started = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            filter.inspectRequest(request, info());
        }
        double microsPerKb = (System.nanoTime() - started) / 1_000.0 / runs / 64;
        // Generous bound so that a loaded build machine does not fail it; a regex that backtracks misses it by far.
        assertThat(microsPerKb).isLessThan(200);
    }

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
