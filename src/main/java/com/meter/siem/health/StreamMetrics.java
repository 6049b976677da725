package com.meter.siem.health;

/**
 * The metrics the checks read for one stream, all from one GetMetricData call.
 *
 * @param incomingRecords IncomingRecords, Sum per minute
 * @param incomingBytes IncomingBytes, Sum per minute
 * @param throttledWrites WriteProvisionedThroughputExceeded, Sum per minute
 * @param reads how the stream is read, or null for a stream whose readers are not watched
 */
public record StreamMetrics(MetricSeries incomingRecords, MetricSeries incomingBytes, MetricSeries throttledWrites,
                            ReadMetrics reads) {
    public boolean complete() {
        return incomingRecords.complete() && incomingBytes.complete() && throttledWrites.complete()
                && (reads == null || reads.complete());
    }
}
