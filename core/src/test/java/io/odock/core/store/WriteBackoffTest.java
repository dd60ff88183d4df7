package io.odock.core.store;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WriteBackoffTest {
    @Test
    void theWaitDoublesAfterEachFailureUpToTheCap() {
        List<Long> waits = new ArrayList<>();
        Duration wait = WriteBackoff.WRITERS.interval();
        for (int failure = 0; failure < 7; failure++) {
            wait = WriteBackoff.WRITERS.afterFailure(wait);
            waits.add(wait.toSeconds());
        }

        assertThat(waits).containsExactly(2L, 4L, 8L, 16L, 30L, 30L, 30L);
    }
}
