package io.odock.core.governance;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyGateTest {

    @Test
    void admitsAtMostTheMaximumAtOnce() throws Exception {
        ConcurrencyGate gate = new ConcurrencyGate();
        AtomicInteger entered = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 64; i++) {
                threads.submit(() -> {
                    start.await();
                    if (gate.tryEnter("key_a", 5)) {
                        entered.incrementAndGet();
                    }
                    return null;
                });
            }
            start.countDown();
            threads.shutdown();
            assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(entered).hasValue(5);
        assertThat(gate.inFlight("key_a")).isEqualTo(5);
        gate.leave("key_a");
        assertThat(gate.tryEnter("key_a", 5)).isTrue();
        for (int i = 0; i < 5; i++) {
            gate.leave("key_a");
        }
        assertThat(gate.inFlight("key_a")).isZero();
        assertThat(gate.tryEnter("key_b", 1)).isTrue();
        assertThat(gate.tryEnter("key_b", 1)).isFalse();
    }
}
