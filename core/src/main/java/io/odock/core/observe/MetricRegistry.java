package io.odock.core.observe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * Counters, histograms and gauges with labels, written in Prometheus' text exposition format (version 0.0.4) or in
 * OpenMetrics 1.0, which adds exemplars: each histogram bucket shows the request id of its latest observation, so a
 * slow bucket leads straight to a request's logs and usage record. Recording is lock-free (adders per label
 * combination), so the request path never waits on a scrape; a scrape reads the adders as they are.
 */
public final class MetricRegistry {
    private final List<Family> families = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A monotonically increasing value per label combination. */
    public final class Counter implements Family {
        private final String name;
        private final String help;
        private final List<String> labels;
        private final ConcurrentMap<List<String>, DoubleAdder> values = new ConcurrentHashMap<>();

        private Counter(String name, String help, List<String> labels) {
            this.name = name;
            this.help = help;
            this.labels = labels;
        }

        /** Adds {@code amount} (not negative) for these label values, in the order the labels were declared. */
        public void add(double amount, String... labelValues) {
            if (amount < 0) {
                throw new IllegalArgumentException("a counter only goes up");
            }
            cellFor(values, labelValues, k -> new DoubleAdder()).add(amount);
        }

        /** Adds one. */
        public void increment(String... labelValues) {
            add(1, labelValues);
        }

        /** The current value for these label values (0 when never recorded). */
        public double value(String... labelValues) {
            DoubleAdder adder = values.get(List.of(labelValues));
            return adder == null ? 0 : adder.sum();
        }

        @Override
        public void writeTo(StringBuilder out, boolean openMetrics) {
            // OpenMetrics names the counter family without its _total suffix; its samples keep it.
            header(out, openMetrics && name.endsWith("_total") ? name.substring(0, name.length() - 6) : name, help,
                    "counter");
            values.forEach((labelValues, adder) -> sample(out, name, labels, labelValues, null, adder.sum(), null));
        }
    }

    /** Observations counted into cumulative buckets, with their sum and count. */
    public final class Histogram implements Family {
        private final String name;
        private final String help;
        private final List<String> labels;
        private final double[] bounds;
        private final ConcurrentMap<List<String>, Cell> cells = new ConcurrentHashMap<>();
        /** Made once: a lambda reading {@code bounds} at the call site would be a new object on every observation. */
        private final Function<List<String>, Cell> newCell;

        private Histogram(String name, String help, List<String> labels, double[] bounds) {
            this.name = name;
            this.help = help;
            this.labels = labels;
            this.bounds = bounds.clone();
            int buckets = this.bounds.length;
            this.newCell = k -> new Cell(buckets);
        }

        /** Records one observation for these label values. */
        public void observe(double value, String... labelValues) {
            observeWithExemplar(value, null, labelValues);
        }

        /** Records one observation, remembering its request id as its bucket's exemplar. */
        public void observeWithExemplar(double value, String requestId, String... labelValues) {
            Cell cell = cellFor(cells, labelValues, newCell);
            int bucket = Arrays.binarySearch(bounds, value);
            int index = bucket >= 0 ? bucket : -bucket - 1;
            cell.buckets[index].increment();
            cell.sum.add(value);
            cell.count.increment();
            if (requestId != null) {
                cell.exemplars[index] = new Exemplar(requestId, value, System.currentTimeMillis());
            }
        }

        /** How many observations these label values have. */
        public long count(String... labelValues) {
            Cell cell = cells.get(List.of(labelValues));
            return cell == null ? 0 : cell.count.sum();
        }

        @Override
        public void writeTo(StringBuilder out, boolean openMetrics) {
            header(out, name, help, "histogram");
            cells.forEach((labelValues, cell) -> {
                long cumulative = 0;
                for (int i = 0; i <= bounds.length; i++) {
                    cumulative += cell.buckets[i].sum();
                    sample(out, name + "_bucket", labels, labelValues, i < bounds.length ? format(bounds[i]) : "+Inf",
                            cumulative, openMetrics ? cell.exemplars[i] : null);
                }
                sample(out, name + "_sum", labels, labelValues, null, cell.sum.sum(), null);
                sample(out, name + "_count", labels, labelValues, null, cell.count.sum(), null);
            });
        }
    }

    /** A value read when scraped. */
    private record Gauge(String name, String help, DoubleSupplier value) implements Family {
        @Override
        public void writeTo(StringBuilder out, boolean openMetrics) {
            header(out, name, help, "gauge");
            out.append(name).append(' ').append(format(value.getAsDouble())).append('\n');
        }
    }

    /** The latest observation of a bucket, with the request it came from. */
    private record Exemplar(String requestId, double value, long epochMillis) {
    }

    private static final class Cell {
        private final LongAdder[] buckets;
        private final Exemplar[] exemplars;
        private final DoubleAdder sum = new DoubleAdder();
        private final LongAdder count = new LongAdder();

        private Cell(int bounds) {
            buckets = new LongAdder[bounds + 1];
            // Plain writes of immutable records: a scrape may see a slightly older exemplar, never a torn one.
            exemplars = new Exemplar[bounds + 1];
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }
    }

    private interface Family {
        void writeTo(StringBuilder out, boolean openMetrics);
    }

    /** A new counter family. */
    public Counter counter(String name, String help, String... labels) {
        Counter counter = new Counter(name, help, List.of(labels));
        families.add(counter);
        return counter;
    }

    /** A new histogram family with these bucket upper bounds (ascending). */
    public Histogram histogram(String name, String help, double[] bounds, String... labels) {
        Histogram histogram = new Histogram(name, help, List.of(labels), bounds);
        families.add(histogram);
        return histogram;
    }

    /** A gauge read at each scrape. */
    public void gauge(String name, String help, DoubleSupplier value) {
        families.add(new Gauge(name, help, value));
    }

    /** Every family in the Prometheus text exposition format. */
    public String scrape() {
        return scrape(false);
    }

    /** Every family in OpenMetrics 1.0, with exemplars, ended by {@code # EOF}. */
    public String scrapeOpenMetrics() {
        return scrape(true) + "# EOF\n";
    }

    private String scrape(boolean openMetrics) {
        StringBuilder out = new StringBuilder(4096);
        for (Family family : families) {
            family.writeTo(out, openMetrics);
        }
        return out.toString();
    }

    /**
     * The cell of these label values, created on first use. Every call records into cells that exist already, so a
     * plain read comes first: {@code computeIfAbsent} alone locks the hash bin whenever the key is not the bin's first.
     */
    private static <V> V cellFor(ConcurrentMap<List<String>, V> cells, String[] labelValues,
            Function<List<String>, V> create) {
        List<String> key = List.of(labelValues);
        V cell = cells.get(key);
        return cell != null ? cell : cells.computeIfAbsent(key, create);
    }

    private static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, List<String> labels, List<String> values, String le,
                               double value, Exemplar exemplar) {
        out.append(name);
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            pairs.add(Map.entry(labels.get(i), i < values.size() ? values.get(i) : ""));
        }
        if (le != null) {
            pairs.add(Map.entry("le", le));
        }
        if (!pairs.isEmpty()) {
            out.append('{');
            for (int i = 0; i < pairs.size(); i++) {
                out.append(i == 0 ? "" : ",").append(pairs.get(i).getKey()).append("=\"")
                        .append(escape(pairs.get(i).getValue())).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(format(value));
        if (exemplar != null) {
            out.append(" # {request_id=\"").append(escape(exemplar.requestId())).append("\"} ")
                    .append(format(exemplar.value())).append(' ')
                    .append(exemplar.epochMillis() / 1000).append('.')
                    .append(String.format("%03d", exemplar.epochMillis() % 1000));
        }
        out.append('\n');
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String format(double value) {
        if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
