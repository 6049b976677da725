package com.meter.siem.health;

import java.time.Duration;
import java.util.stream.Stream;

/**
 * Thresholds and windows of the checks, from the template's parameters.
 *
 * @param metricsDelay how far before now the metric window ends, so late datapoints don't read as silence
 * @param firstEventsWarning how long a new stream may wait for Meter's first record before it warns
 * @param notReadWindow how long records may wait with no reader reading any before it warns
 */
public record HealthSettings(
        Duration noRecordsWindow,
        Duration throttleWindow,
        int headroomPercent,
        int overProvisionedPercent,
        Duration overProvisionedWindow,
        Duration reminderInterval,
        Duration metricsDelay,
        Duration firstEventsWarning,
        int iteratorAgeWarningPercent,
        int iteratorAgeCriticalPercent,
        Duration notReadWindow) {

    /** Kinesis write capacity of one provisioned shard. */
    public static final double BYTES_PER_SECOND_PER_SHARD = 1024 * 1024;
    public static final double RECORDS_PER_SECOND_PER_SHARD = 1000;
    /** The us-east-1 price of a provisioned shard-hour, for the savings estimate. */
    public static final double SHARD_HOUR_USD = 0.015;

    public HealthSettings {
        if (iteratorAgeWarningPercent >= iteratorAgeCriticalPercent) {
            throw new IllegalArgumentException("the iterator age warning (%d%%) must be below the critical threshold"
                    .formatted(iteratorAgeWarningPercent) + " (%d%%)".formatted(iteratorAgeCriticalPercent));
        }
    }

    public static HealthSettings defaults() {
        return new HealthSettings(Duration.ofMinutes(10), Duration.ofMinutes(5), 80, 10, Duration.ofHours(24),
                Duration.ofHours(4), Duration.ofMinutes(2), Duration.ofDays(3), 50, 80, Duration.ofMinutes(30));
    }

    /** The metric window reaches back far enough for every check. */
    public Duration lookback() {
        return Stream.of(noRecordsWindow, throttleWindow, overProvisionedWindow, notReadWindow)
                .max(Duration::compareTo).orElseThrow();
    }
}
