package com.meter.siem.health;

import java.time.Duration;

/**
 * A new stream waits for Meter to be connected: until its first record, that is news to tell once, not
 * an incident to page for; it warns when the wait has lasted longer than a connection should take.
 *
 * @param roleArn the stack output IamRoleArn
 * @param externalIdCommand the stack output ExternalIdCommand, never the ID itself
 */
record AwaitingFirstEventsCheck(Duration warnAfter, String roleArn, String externalIdCommand) implements StreamCheck {
    static final String NAME = "AwaitingFirstEvents";

    @Override
    public Finding evaluate(StreamObservation observation) {
        String unknown = observation.whyNoMetrics();
        if (unknown != null) {
            return Finding.unknown(NAME, Severity.INFO, unknown);
        }
        if (!observation.awaitingFirstRecord()) {
            return Finding.ok(NAME, Severity.INFO, "Meter's first events arrived");
        }
        StreamStatus status = observation.status();
        Duration waiting = Duration.between(status.created(), observation.windowEnd());
        boolean overdue = waiting.compareTo(warnAfter) >= 0;
        return new Finding(NAME, overdue ? Severity.WARNING : Severity.INFO, CheckStatus.FAILING,
                (overdue ? "Meter has still not sent any event to Kinesis stream %s, %s after it was created."
                        : "Kinesis stream %s is ready and waits for Meter's first events; this is not an incident.")
                        .formatted(status.name(), Windows.roughly(waiting)),
                "no record since the stream was created on " + Windows.time(status.created()),
                "a first record within " + Windows.roughly(warnAfter), "",
                ("Enter three values in the Meter dashboard's SIEM integration: AWS Kinesis ARN %s (stack output"
                        + " KinesisStreamArn), Role ARN %s (output IamRoleArn), and as External ID what this command"
                        + " prints (output ExternalIdCommand): %s. Then use Send test event; this message resolves"
                        + " when the first record arrives.").formatted(status.arn(), roleArn, externalIdCommand));
    }
}
