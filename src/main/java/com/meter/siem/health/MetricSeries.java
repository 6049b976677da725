package com.meter.siem.health;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
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

    /** The newest datapoint whose period starts at or after {@code from}. */
    public Optional<Map.Entry<Instant, Double>> latestSince(Instant from) {
        return Optional.ofNullable(points.tailMap(from, true).lastEntry());
    }

    /** Where the newest period with a value above zero starts. */
    public Optional<Instant> lastPositive() {
        return points.descendingMap().entrySet().stream().filter(p -> p.getValue() > 0).map(Map.Entry::getKey)
                .findFirst();
    }

    /** Where the first period with a value above zero starts, after {@code after}. */
    public Optional<Instant> firstPositiveAfter(Instant after) {
        return points.tailMap(after, false).entrySet().stream().filter(p -> p.getValue() > 0).map(Map.Entry::getKey)
                .findFirst();
    }
}
