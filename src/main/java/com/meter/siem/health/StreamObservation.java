package com.meter.siem.health;

import java.time.Instant;

/**
 * What one run saw of one stream.
 *
 * @param status null when the stream does not exist or could not be described
 * @param unreadable why the stream could not be described, or null when it could
 * @param metrics null when the stream was not ACTIVE, so its metrics were not read
 * @param windowEnd where the metric window ends (a minute or two before the run)
 * @param awaitingFirstRecord true for the integration's stream until it has received its first record
 */
public record StreamObservation(String streamName, StreamStatus status, String unreadable, StreamMetrics metrics,
                                Instant windowEnd, boolean awaitingFirstRecord) {

    /** Why there is no status: a failed read is not a missing stream, and must not be logged as one. */
    String whyNoStatus() {
        return unreadable != null ? "could not describe the stream" : "stream not found";
    }
}
