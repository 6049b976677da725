package com.meter.siem.health;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Reads every stream's metrics for one run with as few GetMetricData calls as the API allows. */
public interface MetricsReader {
    /** Per-minute series from {@code start} (inclusive) to {@code end} (exclusive) for each stream. */
    Map<String, StreamMetrics> read(List<String> streamNames, Instant start, Instant end);
}
