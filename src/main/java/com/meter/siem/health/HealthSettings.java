package com.meter.siem.health;

import java.time.Duration;

/**
 * Thresholds and windows of the checks, from the template's parameters.
 *
 * @param metricsDelay how far before now the metric window ends, so late datapoints don't read as silence
 */
public record HealthSettings(
        Duration noRecordsWindow,
        Duration throttleWindow,
        int headroomPercent,
        int overProvisionedPercent,
        Duration overProvisionedWindow,
        Duration reminderInterval,
        Duration metricsDelay) {

    /** Kinesis write capacity of one provisioned shard. */
    public static final double BYTES_PER_SECOND_PER_SHARD = 1024 * 1024;
    public static final double RECORDS_PER_SECOND_PER_SHARD = 1000;
    /** The us-east-1 price of a provisioned shard-hour, for the savings estimate. */
    public static final double SHARD_HOUR_USD = 0.015;

    public static HealthSettings defaults() {
        return new HealthSettings(Duration.ofMinutes(10), Duration.ofMinutes(5), 80, 10, Duration.ofHours(24),
                Duration.ofHours(4), Duration.ofMinutes(2));
    }

    /** The metric window reaches back far enough for every check. */
    public Duration lookback() {
        Duration longest = noRecordsWindow.compareTo(overProvisionedWindow) > 0 ? noRecordsWindow : overProvisionedWindow;
        return longest.compareTo(throttleWindow) > 0 ? longest : throttleWindow;
    }
}
