package com.meter.siem.health;

/** The checker could read the stream's metrics; when it could not, the metric checks say UNKNOWN, not OK. */
final class MetricsUnavailableCheck implements StreamCheck {
    static final String NAME = "MetricsUnavailable";

    @Override
    public Finding evaluate(StreamObservation observation) {
        if (observation.metrics() == null) {
            return Finding.unknown(NAME, Severity.WARNING, observation.unreadable() != null
                    ? "could not describe the stream; metrics not read" : "stream not ACTIVE; metrics not read");
        }
        if (observation.metrics().complete()) {
            return Finding.ok(NAME, Severity.WARNING, "metrics read completely");
        }
        return new Finding(NAME, Severity.WARNING, CheckStatus.FAILING,
                "CloudWatch returned partial or no metric data for %s, so the metric checks are UNKNOWN."
                        .formatted(observation.streamName()),
                "partial or failed GetMetricData answer", "complete answer", "",
                "Usually transient. If it persists, check the health checker's logs and that its role may call"
                        + " cloudwatch:GetMetricData.");
    }
}
