package com.meter.siem.health;

import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One metric's datapoints, keyed by the start of their period. A period with no datapoint had no data,
 * which for Kinesis counters means zero. {@code complete} is false when CloudWatch said the answer was
 * partial or failed, in which case checks report UNKNOWN rather than trust the gaps.
 */
public record MetricSeries(NavigableMap<Instant, Double> points, boolean complete) {
    public MetricSeries {
        points = java.util.Collections.unmodifiableNavigableMap(new TreeMap<>(points));
    }

    public static MetricSeries of(Map<Instant, Double> points) {
        return new MetricSeries(new TreeMap<>(points), true);
    }

    public static MetricSeries unavailable() {
        return new MetricSeries(new TreeMap<>(), false);
    }

    /** Sum of the datapoints whose period starts at or after {@code from}. */
    public double sumSince(Instant from) {
        return points.tailMap(from, true).values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Largest datapoint whose period starts at or after {@code from}; zero when there is none. */
    public double maxSince(Instant from) {
        return points.tailMap(from, true).values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}
