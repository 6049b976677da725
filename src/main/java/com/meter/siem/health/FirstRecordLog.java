package com.meter.siem.health;

import java.time.Instant;
import java.util.Optional;

/**
 * Remembers that a stream has received its first record, for good: metric history ends after a day or
 * two, and a stream that has been connected once must never again read as waiting for its first events.
 */
public interface FirstRecordLog {
    Optional<Instant> firstRecord(String key);

    /** Keeps the earliest of concurrent writes. */
    void remember(String key, Instant at);
}
