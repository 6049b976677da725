package com.meter.siem.health;

/** The checker could read the stream's metrics; when it could not, the metric checks say UNKNOWN, not OK. */
final class MetricsUnavailableCheck implements StreamCheck {
    static final String NAME = "MetricsUnavailable";

    /** Whether metric checks may trust the series: read, and complete. */
    static boolean readable(StreamObservation observation) {
        return observation.metrics() != null && observation.metrics().complete();
    }

    /**
     * Why the readers of a stream cannot be judged (metrics not readable, or the consumers not listed, so
     * that a reader may be missing), or null when they can.
     */
    static String whyReadersUnknown(StreamObservation observation) {
        if (!readable(observation)) {
            return "metrics unavailable";
        }
        return observation.metrics().reads().consumersListed() ? null : "could not list the stream's consumers";
    }

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
