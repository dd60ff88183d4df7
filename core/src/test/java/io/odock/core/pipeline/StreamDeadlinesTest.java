package io.odock.core.pipeline;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class StreamDeadlinesTest {
    @Test
    void aCancelledDeadlineIsForgottenAtOnce() {
        int before = StreamDeadlines.pending();
        List<ScheduledFuture<?>> deadlines = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            deadlines.add(StreamDeadlines.after(Duration.ofMinutes(10), () -> { }));
        }
        assertThat(StreamDeadlines.pending()).isGreaterThanOrEqualTo(before + 1_000);

        deadlines.forEach(deadline -> deadline.cancel(false));

        assertThat(StreamDeadlines.pending()).isLessThanOrEqualTo(before);
    }

    @Test
    void aDeadlineThatIsNotCancelledRuns() throws InterruptedException {
        CountDownLatch expired = new CountDownLatch(1);
        StreamDeadlines.after(Duration.ofMillis(10), expired::countDown);
        assertThat(expired.await(5, TimeUnit.SECONDS)).isTrue();
    }
}
