package com.meter.siem.health;

import java.time.Duration;
import java.time.Instant;

/** The seeds' second alarm: any throttled write in the window, with the shard count that would stop it. */
record ThrottledWritesCheck(Duration window, int headroomPercent) implements StreamCheck {
    static final String NAME = "ThrottledWrites";

    @Override
    public Finding evaluate(StreamObservation observation) {
        String unknown = observation.whyNoMetrics();
        if (unknown != null) {
            return Finding.unknown(NAME, Severity.CRITICAL, unknown);
        }
        Instant from = observation.windowEnd().minus(window);
        double throttled = observation.metrics().throttledWrites().sumSince(from);
        if (throttled <= 0) {
            return Finding.ok(NAME, Severity.CRITICAL, "no throttled writes");
        }
        return new Finding(NAME, Severity.CRITICAL, CheckStatus.FAILING,
                "Writes to Kinesis stream %s are being throttled: events are delayed or lost.".formatted(
                        observation.streamName()),
                "%.0f throttled writes (WriteProvisionedThroughputExceeded Sum)".formatted(throttled),
                "0 throttled writes", Windows.span(observation.windowEnd(), window), advice(observation, from));
    }

    private String advice(StreamObservation observation, Instant from) {
        StreamStatus status = observation.status();
        if (!status.isProvisioned()) {
            return "The stream is ON_DEMAND and scales by itself within minutes; if throttling persists, set"
                    + " StreamMode=PROVISIONED with a KinesisShardCount sized for your peak, or ask AWS to raise the"
                    + " on-demand write limit.";
        }
        Capacity peak = Capacity.peak(observation.metrics(), from);
        // What was accepted is a floor: throttled writes never show in IncomingBytes/IncomingRecords.
        int shards = Math.max(status.openShardCount() + 1, peak.shardsFor(headroomPercent));
        return ("Raise KinesisShardCount from %d to %d (peak accepted %s and %s against 1 MB/s and 1,000 records/s per"
                + " shard, %d%% target use; throttled writes come on top), or set StreamMode=ON_DEMAND for unpredictable"
                + " volumes, then deploy with `sam deploy`.").formatted(status.openShardCount(), shards,
                Windows.rate(peak.bytesPerSecond(), "bytes"), Windows.rate(peak.recordsPerSecond(), "records"),
                headroomPercent);
    }
}
