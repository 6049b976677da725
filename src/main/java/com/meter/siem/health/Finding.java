package com.meter.siem.health;

/**
 * What one check found for one stream.
 *
 * @param summary what happened, in one sentence
 * @param observed the value seen, with its unit
 * @param threshold what the check compares it with
 * @param window the time range the value covers, or empty for state checks
 * @param fix what to do, from Meter's troubleshooting guides where they cover it
 */
public record Finding(
        String check,
        Severity severity,
        CheckStatus status,
        String summary,
        String observed,
        String threshold,
        String window,
        String fix) {

    public static Finding ok(String check, Severity severity, String summary) {
        return new Finding(check, severity, CheckStatus.OK, summary, "", "", "", "");
    }

    public static Finding unknown(String check, Severity severity, String why) {
        return new Finding(check, severity, CheckStatus.UNKNOWN, why, "", "", "", "");
    }
}
