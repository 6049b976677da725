package com.meter.siem.health;

/**
 * The metrics the checks read for one stream, all from one GetMetricData call.
 *
 * @param incomingRecords IncomingRecords, Sum per minute
 * @param incomingBytes IncomingBytes, Sum per minute
 * @param throttledWrites WriteProvisionedThroughputExceeded, Sum per minute
 */
public record StreamMetrics(MetricSeries incomingRecords, MetricSeries incomingBytes, MetricSeries throttledWrites) {
    public boolean complete() {
        return incomingRecords.complete() && incomingBytes.complete() && throttledWrites.complete();
    }
}
