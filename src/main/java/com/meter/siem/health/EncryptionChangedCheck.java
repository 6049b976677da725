package com.meter.siem.health;

/** Encryption turned off or moved to another key outside the stack: a security change. */
record EncryptionChangedCheck(ExpectedStream expected) implements StreamCheck {
    static final String NAME = "EncryptionChanged";

    @Override
    public Finding evaluate(StreamObservation observation) {
        String unknown = observation.whyNoStatus();
        if (unknown != null) {
            return Finding.unknown(NAME, Severity.CRITICAL, unknown);
        }
        StreamStatus status = observation.status();
        if (expected.kmsKeyId().isEmpty() || expected.kmsKeyId().equals(status.kmsKeyId())) {
            return Finding.ok(NAME, Severity.CRITICAL, "encryption as deployed");
        }
        String actual = status.kmsKeyId().isEmpty() ? "not encrypted" : "encrypted with " + status.kmsKeyId();
        return new Finding(NAME, Severity.CRITICAL, CheckStatus.FAILING,
                "Server-side encryption of Kinesis stream %s was changed outside the stack.".formatted(status.name()),
                actual, "encrypted with " + expected.kmsKeyId(), "",
                "Find who changed it in CloudTrail (StartStreamEncryption/StopStreamEncryption), then"
                        + " " + Fixes.REAPPLY + " to restore the deployed encryption.");
    }
}
