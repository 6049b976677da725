package com.meter.siem.health;

import java.time.Duration;
import java.time.Instant;

/** Warns before throttling starts: the peak minute used more than the headroom share of the open shards. */
record CapacityHeadroomCheck(Duration window, int headroomPercent) implements StreamCheck {
    static final String NAME = "CapacityHeadroom";

    @Override
    public Finding evaluate(StreamObservation observation) {
        String unknown = observation.whyNoMetrics();
        if (unknown != null) {
            return Finding.unknown(NAME, Severity.WARNING, unknown);
        }
        StreamStatus status = observation.status();
        if (!status.isProvisioned()) {
            return Finding.ok(NAME, Severity.WARNING, "ON_DEMAND streams scale by themselves");
        }
        Instant from = observation.windowEnd().minus(window);
        Capacity peak = Capacity.peak(observation.metrics(), from);
        double percent = peak.percentOf(status.openShardCount());
        if (percent <= headroomPercent) {
            return Finding.ok(NAME, Severity.WARNING, "peak use %.0f%% of capacity".formatted(percent));
        }
        int shards = Math.max(status.openShardCount() + 1, peak.shardsFor(headroomPercent));
        return new Finding(NAME, Severity.WARNING, CheckStatus.FAILING,
                "Kinesis stream %s is close to its write capacity: throttling starts at 100%%.".formatted(status.name()),
                "peak minute at %.0f%% of %d shard(s) (%s, %s)".formatted(percent, status.openShardCount(),
                        Windows.rate(peak.bytesPerSecond(), "bytes"), Windows.rate(peak.recordsPerSecond(), "records")),
                "at most %d%% of capacity".formatted(headroomPercent), Windows.span(observation.windowEnd(), window),
                "Raise KinesisShardCount from %d to %d (each shard adds 1 MB/s and 1,000 records/s), or set"
                        .formatted(status.openShardCount(), shards)
                        + " StreamMode=ON_DEMAND, then deploy with `sam deploy`.");
    }
}
