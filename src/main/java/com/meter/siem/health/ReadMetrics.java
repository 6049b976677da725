package com.meter.siem.health;

import java.util.Map;

/**
 * How a stream is read: by classic readers (GetRecords, sharing each shard's read limits) and by
 * registered enhanced fan-out consumers (each with its own).
 *
 * @param throttledReads ReadProvisionedThroughputExceeded, Sum per minute
 * @param recordsRead GetRecords.Records, Sum per minute
 * @param iteratorAge GetRecords.IteratorAgeMilliseconds, Maximum per minute
 * @param consumers the registered consumers' metrics, by consumer name
 * @param consumersListed false when the consumers could not be listed, so that a reader may be missing
 */
public record ReadMetrics(MetricSeries throttledReads, MetricSeries recordsRead, MetricSeries iteratorAge,
                          Map<String, ConsumerMetrics> consumers, boolean consumersListed) {
    public ReadMetrics {
        consumers = Map.copyOf(consumers);
    }

    public boolean complete() {
        return throttledReads.complete() && recordsRead.complete() && iteratorAge.complete()
                && consumers.values().stream().allMatch(ConsumerMetrics::complete);
    }

    /**
     * One enhanced fan-out consumer.
     *
     * @param lag SubscribeToShardEvent.MillisBehindLatest, Maximum per minute
     * @param recordsDelivered SubscribeToShardEvent.Records, Sum per minute
     */
    public record ConsumerMetrics(MetricSeries lag, MetricSeries recordsDelivered) {
        public boolean complete() {
            return lag.complete() && recordsDelivered.complete();
        }
    }
}
