package io.odock.core.http;

import io.odock.spi.GatewayException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BodyMemoryTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void smallBodiesAreNeitherCountedNorRefused() {
        BodyMemory memory = new BodyMemory(BodyMemory.UNCOUNTED);
        BodyMemory.Hold large = memory.hold();
        large.cover(10 * MIB);
        BodyMemory.Hold small = memory.hold();
        small.cover(BodyMemory.UNCOUNTED);
        assertThat(small.bytes()).isZero();
        assertThat(memory.held()).isEqualTo(10 * MIB);
    }

    @Test
    void refusesALargeBodyThatDoesNotFitBesideOthers() {
        BodyMemory memory = new BodyMemory(16 * MIB);
        BodyMemory.Hold first = memory.hold();
        first.cover(10 * MIB);
        BodyMemory.Hold second = memory.hold();
        second.cover(6 * MIB);
        BodyMemory.Hold third = memory.hold();
        assertThatThrownBy(() -> third.cover(MIB)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.code()).isEqualTo("gateway_overloaded");
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
        });
        assertThat(third.bytes()).isZero();
        assertThat(memory.held()).isEqualTo(16 * MIB);
        second.close();
        third.cover(MIB);
        assertThat(memory.held()).isEqualTo(11 * MIB);
    }

    @Test
    void admitsOneBodyLargerThanTheBudgetWhenItIsAlone() {
        BodyMemory memory = new BodyMemory(8 * MIB);
        BodyMemory.Hold alone = memory.hold();
        alone.cover(5 * MIB);
        alone.cover(30 * MIB);
        assertThat(memory.held()).isEqualTo(30 * MIB);
        assertThatThrownBy(() -> memory.hold().cover(MIB)).isInstanceOf(GatewayException.class);
        alone.close();
        assertThat(memory.held()).isZero();
    }

    @Test
    void closingTwiceReturnsTheShareOnce() {
        BodyMemory memory = new BodyMemory(16 * MIB);
        BodyMemory.Hold kept = memory.hold();
        kept.cover(2 * MIB);
        BodyMemory.Hold hold = memory.hold();
        hold.cover(4 * MIB);
        hold.close();
        hold.close();
        assertThat(memory.held()).isEqualTo(2 * MIB);
    }

    @Test
    void theDefaultIsAnEighthOfTheHeap() {
        assertThat(BodyMemory.defaultCapacity()).isEqualTo(Math.max(BodyMemory.UNCOUNTED,
                Runtime.getRuntime().maxMemory() / 8));
    }
}
