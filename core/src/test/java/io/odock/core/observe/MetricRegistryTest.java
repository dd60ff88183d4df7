package io.odock.core.observe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricRegistryTest {

    @Test
    void writesCountersWithLabelsInPrometheusTextFormat() {
        MetricRegistry registry = new MetricRegistry();
        MetricRegistry.Counter requests = registry.counter("odock_requests_total", "Calls", "route", "status");
        requests.increment("/v1/chat/completions", "200");
        requests.increment("/v1/chat/completions", "200");
        requests.add(0.5, "/v1/\"odd\"\n", "500");

        String scrape = registry.scrape();
        assertThat(scrape).startsWith("# HELP odock_requests_total Calls\n# TYPE odock_requests_total counter\n");
        assertThat(scrape).contains("odock_requests_total{route=\"/v1/chat/completions\",status=\"200\"} 2\n");
        // Backslash, quote and newline in a label value are escaped as the format requires.
        assertThat(scrape).contains("odock_requests_total{route=\"/v1/\\\"odd\\\"\\n\",status=\"500\"} 0.5\n");
        assertThat(requests.value("/v1/chat/completions", "200")).isEqualTo(2);
        assertThatThrownBy(() -> requests.add(-1, "x", "y")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void histogramsAreCumulativeWithSumCountAndInf() {
        MetricRegistry registry = new MetricRegistry();
        MetricRegistry.Histogram latency = registry.histogram("lat_seconds", "Latency", new double[] {0.1, 1},
                "route");
        latency.observe(0.05, "r");
        latency.observe(0.1, "r");
        latency.observe(0.5, "r");
        latency.observe(7, "r");

        assertThat(registry.scrape()).contains("""
                lat_seconds_bucket{route="r",le="0.1"} 2
                lat_seconds_bucket{route="r",le="1"} 3
                lat_seconds_bucket{route="r",le="+Inf"} 4
                lat_seconds_sum{route="r"} 7.65
                lat_seconds_count{route="r"} 4
                """);
        assertThat(latency.count("r")).isEqualTo(4);
    }

    @Test
    void openMetricsShowEachBucketsLatestRequestAsItsExemplar() {
        MetricRegistry registry = new MetricRegistry();
        MetricRegistry.Histogram latency = registry.histogram("odock_request_duration_seconds", "Latency",
                new double[]{0.1, 1}, "route");
        MetricRegistry.Counter requests = registry.counter("odock_requests_total", "Requests", "route");
        latency.observeWithExemplar(0.05, "req_fast", "/v1/chat/completions");
        latency.observeWithExemplar(0.5, "req_slow", "/v1/chat/completions");
        latency.observeWithExemplar(0.07, "req_fast_2", "/v1/chat/completions");
        requests.increment("/v1/chat/completions");

        String text = registry.scrapeOpenMetrics();
        assertThat(text).containsPattern("odock_request_duration_seconds_bucket\\{route=\"/v1/chat/completions\","
                + "le=\"0.1\"} 2 # \\{request_id=\"req_fast_2\"} 0.07 \\d+\\.\\d{3}\n");
        assertThat(text).containsPattern("le=\"1\"} 3 # \\{request_id=\"req_slow\"} 0.5 ");
        assertThat(text).contains("# TYPE odock_requests counter\n")
                .contains("odock_requests_total{route=\"/v1/chat/completions\"} 1\n").endsWith("# EOF\n");
        // The classic format has no exemplars.
        assertThat(registry.scrape()).doesNotContain("request_id").contains("# TYPE odock_requests_total counter");
    }

    @Test
    void gaugesAreReadAtEachScrape() {
        MetricRegistry registry = new MetricRegistry();
        int[] open = {3};
        registry.gauge("open_things", "Open things", () -> open[0]);

        assertThat(registry.scrape()).contains("open_things 3\n");
        open[0] = 1;
        assertThat(registry.scrape()).contains("open_things 1\n");
    }
}
