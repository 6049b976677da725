package com.meter.siem.health;

import java.time.Instant;

/** A write rate, read as the peak minute of IncomingBytes and IncomingRecords, set against shard capacity. */
record Capacity(double bytesPerSecond, double recordsPerSecond) {
    static Capacity peak(StreamMetrics metrics, Instant from) {
        return new Capacity(metrics.incomingBytes().maxSince(from) / 60, metrics.incomingRecords().maxSince(from) / 60);
    }

    /** The larger of the byte and record use, as a percentage of what {@code shards} accept. */
    double percentOf(int shards) {
        double bytes = bytesPerSecond / (shards * HealthSettings.BYTES_PER_SECOND_PER_SHARD);
        double records = recordsPerSecond / (shards * HealthSettings.RECORDS_PER_SECOND_PER_SHARD);
        return 100 * Math.max(bytes, records);
    }

    /** The fewest shards that keep this rate at or under {@code targetPercent} of capacity; at least one. */
    int shardsFor(int targetPercent) {
        double target = targetPercent / 100.0;
        double forBytes = bytesPerSecond / (HealthSettings.BYTES_PER_SECOND_PER_SHARD * target);
        double forRecords = recordsPerSecond / (HealthSettings.RECORDS_PER_SECOND_PER_SHARD * target);
        return Math.max(1, (int) Math.ceil(Math.max(forBytes, forRecords)));
    }
}
