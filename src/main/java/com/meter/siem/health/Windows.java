package com.meter.siem.health;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How findings write times and spans, in UTC so that a phone in any time zone reads the same. */
final class Windows {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private Windows() {
    }

    static String span(Instant end, Duration length) {
        return "%s to %s UTC (%s)".formatted(TIME.format(end.minus(length)), TIME.format(end).substring(11),
                describe(length));
    }

    static String time(Instant instant) {
        return TIME.format(instant) + " UTC";
    }

    static String describe(Duration length) {
        if (length.toMinutes() % 60 == 0) {
            long hours = length.toHours();
            return hours == 1 ? "1 hour" : hours + " hours";
        }
        return length.toMinutes() == 1 ? "1 minute" : length.toMinutes() + " minutes";
    }

    /** In the largest whole unit it holds, rounded down: "3 days", "5 hours", "17 minutes". */
    static String roughly(Duration length) {
        if (length.toDays() >= 1) {
            return plural(length.toDays(), "day");
        }
        if (length.toHours() >= 1) {
            return plural(length.toHours(), "hour");
        }
        return plural(Math.max(0, length.toMinutes()), "minute");
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }

    static String rate(double perSecond, String unit) {
        if (unit.equals("bytes")) {
            return perSecond >= 1024 * 1024 ? "%.2f MB/s".formatted(perSecond / (1024 * 1024))
                    : "%.1f KB/s".formatted(perSecond / 1024);
        }
        return "%.0f records/s".formatted(perSecond);
    }
}
