package com.meter.siem.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.meter.siem.integration.StreamLifecycle;
import com.meter.siem.integration.StreamMode;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Why a check cannot judge a stream: each part a check needs, observed or not, and the reason it gives. */
class StreamObservationTest {
    private static final Instant END = Instant.parse("2026-11-30T12:00:00Z");
    private static final StreamStatus STATUS = new StreamStatus("siem", "arn:aws:kinesis:us-east-1:1:stream/siem",
            StreamLifecycle.ACTIVE, StreamMode.PROVISIONED, 1, 24, Set.of(), "", END);
    private static final MetricSeries FULL = MetricSeries.of(Map.of());
    private static final MetricSeries PARTIAL = MetricSeries.unavailable();

    @Test
    void whyNoStatus_whenDescribed_isNullElseSaysMissingOrUnreadable() {
        assertNull(observation(STATUS, null, null).whyNoStatus());
        assertEquals("stream not found", observation(null, null, null).whyNoStatus());
        assertEquals("could not describe the stream", observation(null, "Throttling", null).whyNoStatus());
    }

    @Test
    void whyNoMetrics_whenReadCompletely_isNullElseMetricsUnavailable() {
        assertNull(observation(STATUS, null, metrics(FULL, true)).whyNoMetrics());
        assertEquals("metrics unavailable", observation(STATUS, null, null).whyNoMetrics());
        assertEquals("metrics unavailable", observation(STATUS, null, metrics(PARTIAL, true)).whyNoMetrics());
    }

    @Test
    void whyNoReaders_whenMetricsCompleteAndConsumersListed_isNullElseSaysWhich() {
        assertNull(observation(STATUS, null, metrics(FULL, true)).whyNoReaders());
        assertEquals("metrics unavailable", observation(STATUS, null, null).whyNoReaders());
        assertEquals("metrics unavailable", observation(STATUS, null, metrics(PARTIAL, false)).whyNoReaders());
        assertEquals("could not list the stream's consumers",
                observation(STATUS, null, metrics(FULL, false)).whyNoReaders());
    }

    private static StreamObservation observation(StreamStatus status, String unreadable, StreamMetrics metrics) {
        return new StreamObservation("siem", status, unreadable, metrics, END, false);
    }

    private static StreamMetrics metrics(MetricSeries throttledReads, boolean consumersListed) {
        return new StreamMetrics(FULL, FULL, FULL, new ReadMetrics(throttledReads, FULL, FULL, Map.of(),
                consumersListed));
    }
}
