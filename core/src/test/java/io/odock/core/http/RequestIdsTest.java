package io.odock.core.http;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdsTest {
    @Test
    void idsAreSaneForTheHeaderAndUnique() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(RequestIds.newId());
        }
        assertThat(ids).allMatch(id -> id.matches("req_[0-9a-z]{24}"));
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
    }

    @Test
    void idsSortByTheirCreationTime() {
        long now = 1_764_800_000_000L;
        List<String> ids = List.of(RequestIds.newId(now - 86_400_000L), RequestIds.newId(now - 1),
                RequestIds.newId(now), RequestIds.newId(now + 1), RequestIds.newId(now + 35),
                RequestIds.newId(now + 36), RequestIds.newId(now + 1_296_000_000L));
        assertThat(ids).isSorted();
        String time = Long.toString(now, 36);
        assertThat(ids.get(2).substring(4, 13)).isEqualTo("0".repeat(9 - time.length()) + time);
    }

    @Test
    void aClientsSaneIdIsKeptAndAnyOtherReplaced() {
        assertThat(RequestIds.accept("trace-42:a.b_c")).isEqualTo("trace-42:a.b_c");
        assertThat(RequestIds.accept(null)).matches("req_[0-9a-z]{24}");
        assertThat(RequestIds.accept("")).matches("req_[0-9a-z]{24}");
        assertThat(RequestIds.accept("two, values")).matches("req_[0-9a-z]{24}");
        assertThat(RequestIds.accept("x".repeat(129))).matches("req_[0-9a-z]{24}");
    }
}
