package com.meter.siem.health;

/** Retention lowered below what was deployed: events survive a shorter outage of the consumer. */
record RetentionLoweredCheck(ExpectedStream expected) implements StreamCheck {
    static final String NAME = "RetentionLowered";

    @Override
    public Finding evaluate(StreamObservation observation) {
        String unknown = observation.whyNoStatus();
        if (unknown != null) {
            return Finding.unknown(NAME, Severity.WARNING, unknown);
        }
        StreamStatus status = observation.status();
        if (status.retentionHours() >= expected.retentionHours()) {
            return Finding.ok(NAME, Severity.WARNING, "retention %d hours".formatted(status.retentionHours()));
        }
        return new Finding(NAME, Severity.WARNING, CheckStatus.FAILING,
                "Retention of Kinesis stream %s was lowered outside the stack.".formatted(status.name()),
                "%d hours".formatted(status.retentionHours()), "%d hours (KinesisRetentionHours)".formatted(
                        expected.retentionHours()), "",
                Fixes.REAPPLY + " to restore it, or set KinesisRetentionHours to the new value if the change was meant.");
    }
}
