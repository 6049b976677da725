package com.meter.siem.health;

import java.time.Duration;
import java.time.Instant;

/** The seeds' right-sizing advice: more than one shard, and even the peak minute used little of them. */
record OverProvisionedCheck(Duration window, int lowUsePercent, int headroomPercent) implements StreamCheck {
    static final String NAME = "OverProvisioned";
    private static final double HOURS_PER_MONTH = 730;

    @Override
    public Finding evaluate(StreamObservation observation) {
        String unknown = observation.whyNoMetrics();
        if (unknown != null) {
            return Finding.unknown(NAME, Severity.INFO, unknown);
        }
        StreamStatus status = observation.status();
        if (!status.isProvisioned() || status.openShardCount() <= 1) {
            return Finding.ok(NAME, Severity.INFO, "one shard or ON_DEMAND");
        }
        Instant from = observation.windowEnd().minus(window);
        Capacity peak = Capacity.peak(observation.metrics(), from);
        double percent = peak.percentOf(status.openShardCount());
        if (percent >= lowUsePercent) {
            return Finding.ok(NAME, Severity.INFO, "peak use %.0f%% of capacity".formatted(percent));
        }
        int shards = Math.min(status.openShardCount() - 1, peak.shardsFor(headroomPercent));
        double monthlySaving = (status.openShardCount() - shards) * HealthSettings.SHARD_HOUR_USD * HOURS_PER_MONTH;
        return new Finding(NAME, Severity.INFO, CheckStatus.FAILING,
                "Kinesis stream %s has more shards than its traffic needs.".formatted(status.name()),
                "peak minute at %.1f%% of %d shards (%s, %s)".formatted(percent, status.openShardCount(),
                        Windows.rate(peak.bytesPerSecond(), "bytes"), Windows.rate(peak.recordsPerSecond(), "records")),
                "at least %d%% of capacity at the peak".formatted(lowUsePercent),
                Windows.span(observation.windowEnd(), window),
                ("Lower KinesisShardCount from %d to %d and deploy with `sam deploy`: about $%.2f a month less at the"
                        + " us-east-1 price of $%.3f per shard-hour (prices vary by region). Shorter retention also costs"
                        + " less; archive to S3 with Firehose instead of long Kinesis retention.").formatted(
                        status.openShardCount(), shards, monthlySaving, HealthSettings.SHARD_HOUR_USD));
    }
}
