package com.meter.siem.health;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Reads every series a run needs in one GetMetricData request (whose answer may come in pages). */
public interface MetricsReader {
    /** What one GetMetricData request may hold. */
    int MAX_QUERIES = 500;

    /**
     * Per-minute series from {@code start} (inclusive) to {@code end} (exclusive), by query; a query
     * CloudWatch did not answer completely maps to {@link MetricSeries#unavailable()}.
     */
    Map<MetricQuery, MetricSeries> read(List<MetricQuery> queries, Instant start, Instant end);
}
