package com.meter.siem.health;

import java.time.Instant;

/**
 * What one run saw of one stream. The {@code why…} methods say, in one place, why a part a check needs was not
 * observed (the reason its UNKNOWN finding gives), or null when it was, so that all checks agree on it.
 *
 * @param status null when the stream does not exist or could not be described
 * @param unreadable why the stream could not be described, or null when it could
 * @param metrics null when the stream was not ACTIVE, so its metrics were not read
 * @param windowEnd where the metric window ends (a minute or two before the run)
 * @param awaitingFirstRecord true for the integration's stream until it has received its first record
 */
public record StreamObservation(String streamName, StreamStatus status, String unreadable, StreamMetrics metrics,
                                Instant windowEnd, boolean awaitingFirstRecord) {

    /** A failed read is not a missing stream, and must not be logged as one. */
    String whyNoStatus() {
        if (status != null) {
            return null;
        }
        return unreadable != null ? "could not describe the stream" : "stream not found";
    }

    /** Partial series would read as quiet, so metric checks trust only a complete answer. */
    String whyNoMetrics() {
        return metrics != null && metrics.complete() ? null : "metrics unavailable";
    }

    /** Unlisted consumers may hide the reader that keeps up, so the readers cannot be judged without the list. */
    String whyNoReaders() {
        String noMetrics = whyNoMetrics();
        if (noMetrics != null) {
            return noMetrics;
        }
        return metrics.reads().consumersListed() ? null : "could not list the stream's consumers";
    }
}
