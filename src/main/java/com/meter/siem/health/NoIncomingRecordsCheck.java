package com.meter.siem.health;

import java.time.Duration;

/**
 * The seeds' first alarm: fewer than one record in the window (two 5-minute periods by default); no data is
 * none. A stream that has never received a record is not silent but not yet connected: see
 * {@link AwaitingFirstEventsCheck}.
 */
record NoIncomingRecordsCheck(Duration window) implements StreamCheck {
    static final String NAME = "NoIncomingRecords";

    @Override
    public Finding evaluate(StreamObservation observation) {
        String unknown = observation.whyNoMetrics();
        if (unknown != null) {
            return Finding.unknown(NAME, Severity.CRITICAL, unknown);
        }
        if (observation.awaitingFirstRecord()) {
            return Finding.ok(NAME, Severity.CRITICAL, "no first record yet (" + AwaitingFirstEventsCheck.NAME + ")");
        }
        double records = observation.metrics().incomingRecords().sumSince(observation.windowEnd().minus(window));
        if (records >= 1) {
            return Finding.ok(NAME, Severity.CRITICAL, "%.0f records in the last %s".formatted(records,
                    Windows.describe(window)));
        }
        return new Finding(NAME, Severity.CRITICAL, CheckStatus.FAILING,
                "No SIEM events reached Kinesis stream %s for %s.".formatted(observation.streamName(),
                        Windows.describe(window)),
                "0 records (IncomingRecords Sum)", "at least 1 record", Windows.span(observation.windowEnd(), window),
                "In the Meter dashboard, check that the SIEM integration is enabled and use Send test event. If it"
                        + " shows \"Unauthorized\": the External ID there must match the secret (see the ExternalIdCommand"
                        + " stack output), the Role ARN must match the IamRoleArn output, and the write policy must be"
                        + " attached to the role. Otherwise your network may simply be quiet; contact Meter support if"
                        + " events are expected.");
    }
}
