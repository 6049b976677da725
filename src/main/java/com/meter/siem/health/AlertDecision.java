package com.meter.siem.health;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a finding is news: a check that starts failing, one whose severity rises, one that is still
 * failing after the reminder interval, and one that stops failing are; anything else, and anything
 * UNKNOWN, is not. INFO is told once and not reminded: it is advice, never something on-call must act on.
 */
public record AlertDecision(Kind kind, Finding finding, AlertState previous, AlertState next) {
    public enum Kind {
        OPENED,
        REMINDER,
        RESOLVED,
        NONE
    }

    public static AlertDecision decide(String key, Finding finding, AlertState previous, Instant now,
                                       Duration reminderInterval) {
        boolean wasFailing = previous != null && previous.status() == CheckStatus.FAILING;
        long version = previous == null ? 1 : previous.version() + 1;
        return switch (finding.status()) {
            case UNKNOWN -> none(finding, previous);
            case FAILING -> {
                if (!wasFailing) {
                    yield new AlertDecision(Kind.OPENED, finding, previous,
                            new AlertState(key, CheckStatus.FAILING, finding.severity(), now, now, version));
                }
                if (finding.severity().compareTo(previous.severity()) < 0) {
                    yield new AlertDecision(Kind.OPENED, finding, previous, new AlertState(key, CheckStatus.FAILING,
                            finding.severity(), previous.since(), now, version));
                }
                if (finding.severity() != Severity.INFO
                        && !now.isBefore(previous.lastNotified().plus(reminderInterval))) {
                    yield new AlertDecision(Kind.REMINDER, finding, previous, new AlertState(key, CheckStatus.FAILING,
                            finding.severity(), previous.since(), now, version));
                }
                yield none(finding, previous);
            }
            case OK -> wasFailing
                    ? new AlertDecision(Kind.RESOLVED, finding, previous,
                    new AlertState(key, CheckStatus.OK, previous.severity(), now, now, version))
                    : none(finding, previous);
        };
    }

    private static AlertDecision none(Finding finding, AlertState previous) {
        return new AlertDecision(Kind.NONE, finding, previous, previous);
    }
}
