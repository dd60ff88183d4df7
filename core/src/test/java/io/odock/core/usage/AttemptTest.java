package io.odock.core.usage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AttemptTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Attempt> ATTEMPTS = List.of(
            new Attempt("primary", "gpt-4o-mini", false, Optional.of("upstream_timeout"), 30_000),
            new Attempt("backup", "gpt-4o \"mini\"", true, Optional.empty(), 412));

    @Test
    void theUsageColumnHasTheShapeOfTheAnswersAttempts() throws Exception {
        ArrayNode tree = JSON.createArrayNode();
        Attempt.writeAll(ATTEMPTS, tree);

        String column = JsonColumns.text(json -> Attempt.write(ATTEMPTS, json));

        assertThat(column).isEqualTo(tree.toString());
        assertThat(column).isEqualTo("[{\"provider\":\"primary\",\"model\":\"gpt-4o-mini\",\"outcome\":\"error\","
                + "\"error\":\"upstream_timeout\",\"latency_ms\":30000},{\"provider\":\"backup\",\"model\":"
                + "\"gpt-4o \\\"mini\\\"\",\"outcome\":\"ok\",\"error\":null,\"latency_ms\":412}]");
    }
}
