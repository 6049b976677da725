package com.meter.siem.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WindowsTest {
    @ParameterizedTest(name = "{0} minutes: {1}")
    @CsvSource({"1, 1 minute", "30, 30 minutes", "60, 1 hour", "120, 2 hours", "90, 90 minutes", "1440, 24 hours"})
    void describe_whenWholeHours_saysHoursElseMinutes(long minutes, String expected) {
        assertEquals(expected, Windows.describe(Duration.ofMinutes(minutes)));
    }

    @ParameterizedTest(name = "{0} minutes: {1}")
    @CsvSource({"-5, 0 minutes", "0, 0 minutes", "1, 1 minute", "59, 59 minutes", "60, 1 hour", "119, 1 hour",
            "300, 5 hours", "1439, 23 hours", "1440, 1 day", "4320, 3 days"})
    void roughly_whenGivenALength_saysItsLargestWholeUnitRoundedDown(long minutes, String expected) {
        assertEquals(expected, Windows.roughly(Duration.ofMinutes(minutes)));
    }

    @ParameterizedTest(name = "{0} {1}/s: {2}")
    @CsvSource({"1048576, bytes, 1.00 MB/s", "1048575, bytes, 1024.0 KB/s", "512, bytes, 0.5 KB/s",
            "3145728, bytes, 3.00 MB/s", "999.6, records, 1000 records/s"})
    void rate_whenBytesOrRecords_usesTheReadableUnit(double perSecond, String unit, String expected) {
        assertEquals(expected, Windows.rate(perSecond, unit));
    }

    @ParameterizedTest(name = "{1} minutes")
    @CsvSource(delimiter = '|', value = {
            "2026-11-30T12:00:00Z | 10 | 2026-11-30 11:50 to 12:00 UTC (10 minutes)",
            "2026-11-30T01:30:00Z | 120 | 2026-11-29 23:30 to 01:30 UTC (2 hours)"})
    void span_whenGivenItsEnd_namesStartEndAndLength(Instant end, long minutes, String expected) {
        assertEquals(expected, Windows.span(end, Duration.ofMinutes(minutes)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"2026-11-30T12:34:56Z, 2026-11-30 12:34 UTC"})
    void time_whenAnInstant_writesItInUtcToTheMinute(Instant instant, String expected) {
        assertEquals(expected, Windows.time(instant));
    }
}
