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
    void gaugesAreReadAtEachScrape() {
        MetricRegistry registry = new MetricRegistry();
        int[] open = {3};
        registry.gauge("open_things", "Open things", () -> open[0]);

        assertThat(registry.scrape()).contains("open_things 3\n");
        open[0] = 1;
        assertThat(registry.scrape()).contains("open_things 1\n");
    }
}
