package com.meter.siem.health;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Reads every stream's metrics for one run with as few GetMetricData calls as the API allows. */
public interface MetricsReader {
    /**
     * The most streams one run reads: one GetMetricData request takes at most 500 queries, and each stream
     * needs three.
     */
    int MAX_STREAMS = 166;

    /** Per-minute series from {@code start} (inclusive) to {@code end} (exclusive) for each stream. */
    Map<String, StreamMetrics> read(List<String> streamNames, Instant start, Instant end);
}
