package com.meter.siem.health;

import java.time.Instant;

/**
 * What on-call was last told about one check of one stream, stored so that overlapping runs and later
 * runs agree. {@code version} guards every write: the run that moves it on is the one that alerts.
 */
public record AlertState(String key, CheckStatus status, Severity severity, Instant since, Instant lastNotified,
                         long version) {
}
