package com.meter.siem.health;

import java.util.Set;
import java.util.TreeSet;

/** Shard-level metrics disabled outside the stack: monitoring loses its view of the shards. */
record ShardMetricsDisabledCheck(ExpectedStream expected) implements StreamCheck {
    static final String NAME = "ShardMetricsDisabled";

    @Override
    public Finding evaluate(StreamObservation observation) {
        String unknown = observation.whyNoStatus();
        if (unknown != null) {
            return Finding.unknown(NAME, Severity.WARNING, unknown);
        }
        StreamStatus status = observation.status();
        Set<String> missing = new TreeSet<>(expected.shardLevelMetrics());
        missing.removeAll(status.shardLevelMetrics());
        if (missing.isEmpty()) {
            return Finding.ok(NAME, Severity.WARNING, "shard-level metrics enabled");
        }
        return new Finding(NAME, Severity.WARNING, CheckStatus.FAILING,
                "Shard-level metrics of Kinesis stream %s were disabled outside the stack.".formatted(status.name()),
                "disabled: " + String.join(", ", missing), "enabled: " + String.join(", ", new TreeSet<>(
                        expected.shardLevelMetrics())), "",
                Fixes.REAPPLY + " to enable them again.");
    }
}
