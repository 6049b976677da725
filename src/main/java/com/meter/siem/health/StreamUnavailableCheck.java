package com.meter.siem.health;

import com.meter.siem.integration.StreamLifecycle;

/** The stream exists and is ACTIVE. UPDATING (resharding, encryption) still takes writes, so it only warns. */
final class StreamUnavailableCheck implements StreamCheck {
    static final String NAME = "StreamUnavailable";

    @Override
    public Finding evaluate(StreamObservation observation) {
        StreamStatus status = observation.status();
        if (observation.unreadable() != null) {
            return Finding.unknown(NAME, Severity.CRITICAL, "could not describe the stream: " + observation.unreadable());
        }
        if (status == null) {
            return new Finding(NAME, Severity.CRITICAL, CheckStatus.FAILING,
                    "Kinesis stream %s does not exist in this account and region.".formatted(observation.streamName()),
                    "stream not found", "stream exists and is ACTIVE", "",
                    "Check the region first: streams are regional. If the stream was deleted, "
                            + Fixes.REAPPLY + " to recreate it (events Meter sent meanwhile are lost), then update the Kinesis ARN in the"
                            + " Meter dashboard if it changed.");
        }
        if (status.status() == StreamLifecycle.ACTIVE) {
            return Finding.ok(NAME, Severity.CRITICAL, "stream is ACTIVE");
        }
        boolean updating = status.status() == StreamLifecycle.UPDATING;
        return new Finding(NAME, updating ? Severity.WARNING : Severity.CRITICAL, CheckStatus.FAILING,
                "Kinesis stream %s is %s, not ACTIVE.".formatted(status.name(), status.status()),
                "status " + status.status(), "status ACTIVE", "",
                updating ? "A shard, mode or encryption change is in progress; writes still succeed. If it lasts more"
                        + " than an hour, check the stream in the Kinesis console."
                        : "The stream cannot take Meter's events. If it is DELETING, it was deleted: once it is"
                        + " gone, " + Fixes.REAPPLY + " to recreate it.");
    }
}
