package com.meter.siem.health;

import java.time.Duration;

/** Reads refused because the classic readers together exceeded a shard's read limits. */
record ThrottledReadsCheck(Duration window) implements StreamCheck {
    static final String NAME = "ThrottledReads";

    @Override
    public Finding evaluate(StreamObservation observation) {
        String unknown = observation.whyNoMetrics();
        if (unknown != null) {
            return Finding.unknown(NAME, Severity.WARNING, unknown);
        }
        double throttled = observation.metrics().reads().throttledReads().sumSince(observation.windowEnd().minus(window));
        if (throttled <= 0) {
            return Finding.ok(NAME, Severity.WARNING, "no throttled reads");
        }
        StreamStatus status = observation.status();
        return new Finding(NAME, Severity.WARNING, CheckStatus.FAILING,
                "Reads from Kinesis stream %s are being throttled: the SIEM receives events late.".formatted(
                        status.name()),
                "%.0f throttled reads (ReadProvisionedThroughputExceeded Sum)".formatted(throttled), "0 throttled reads",
                Windows.span(observation.windowEnd(), window),
                ("Classic readers (GetRecords) share each shard's limits: 5 reads per second and 2 MB/s, for all of"
                        + " them together. Register the SIEM as an enhanced fan-out consumer (2 MB/s per shard of its"
                        + " own), run fewer classic readers or let them poll less often, or raise KinesisShardCount"
                        + " (%d open now) and deploy with `sam deploy`.").formatted(status.openShardCount()));
    }
}
