package com.meter.siem.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertDecisionTest {
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration REMINDER = Duration.ofHours(4);
    private static final Finding FAILING = new Finding("NoIncomingRecords", Severity.CRITICAL, CheckStatus.FAILING,
            "s", "o", "t", "w", "f");
    private static final Finding OK = Finding.ok("NoIncomingRecords", Severity.CRITICAL, "fine");
    private static final Finding UNKNOWN = Finding.unknown("NoIncomingRecords", Severity.CRITICAL, "?");

    @Test
    void decide_whenCheckStartsFailing_opensWithVersionOne() {
        AlertDecision decision = AlertDecision.decide("k", FAILING, null, T0, REMINDER);

        assertEquals(AlertDecision.Kind.OPENED, decision.kind());
        assertEquals(new AlertState("k", CheckStatus.FAILING, Severity.CRITICAL, T0, T0, 1), decision.next());
    }

    /** Failing since eight hours before T0, last reminded at T0: the interval counts from the last notice. */
    @ParameterizedTest(name = "{0} minutes after the last notice: {1}")
    @CsvSource({"239, NONE", "240, REMINDER", "600, REMINDER"})
    void decide_whenStillFailing_remindsOnlyAfterTheInterval(int minutes, AlertDecision.Kind expected) {
        Instant since = T0.minus(Duration.ofHours(8));
        AlertState failing = new AlertState("k", CheckStatus.FAILING, Severity.CRITICAL, since, T0, 3);
        Instant now = T0.plus(Duration.ofMinutes(minutes));

        AlertDecision decision = AlertDecision.decide("k", FAILING, failing, now, REMINDER);

        assertEquals(expected, decision.kind());
        if (expected == AlertDecision.Kind.REMINDER) {
            assertEquals(new AlertState("k", CheckStatus.FAILING, Severity.CRITICAL, since, now, 4), decision.next(),
                    "a reminder keeps the incident's start and notes this notice");
        } else {
            assertEquals(failing, decision.next(), "no notice, no write");
        }
    }

    @Test
    void decide_whenFailingCheckPasses_resolves() {
        AlertState failing = new AlertState("k", CheckStatus.FAILING, Severity.WARNING, T0.minusSeconds(3600), T0, 2);
        Instant now = T0.plusSeconds(600);

        AlertDecision decision = AlertDecision.decide("k", OK, failing, now, REMINDER);

        assertEquals(AlertDecision.Kind.RESOLVED, decision.kind());
        assertEquals(new AlertState("k", CheckStatus.OK, Severity.WARNING, now, now, 3), decision.next(),
                "resolved with the incident's own severity");
    }

    @Test
    void decide_whenUnknown_changesNothingWhateverTheState() {
        AlertState failing = new AlertState("k", CheckStatus.FAILING, Severity.CRITICAL, T0, T0, 2);

        assertEquals(AlertDecision.Kind.NONE, AlertDecision.decide("k", UNKNOWN, failing, T0.plus(REMINDER), REMINDER)
                .kind());
        assertEquals(AlertDecision.Kind.NONE, AlertDecision.decide("k", UNKNOWN, null, T0, REMINDER).kind());
    }

    @Test
    void decide_whenOkAndNeverFailed_writesNothing() {
        AlertDecision decision = AlertDecision.decide("k", OK, null, T0, REMINDER);

        assertEquals(AlertDecision.Kind.NONE, decision.kind());
        assertNull(decision.next());
    }

    @ParameterizedTest(name = "told {0}, now {1}: {2}")
    @CsvSource({"INFO, WARNING, OPENED", "WARNING, CRITICAL, OPENED", "INFO, CRITICAL, OPENED",
            "CRITICAL, WARNING, NONE", "WARNING, INFO, NONE"})
    void decide_whenSeverityOfAFailingCheckChanges_tellsOnlyARise(Severity told, Severity now,
                                                                  AlertDecision.Kind expected) {
        AlertState failing = new AlertState("k", CheckStatus.FAILING, told, T0, T0, 5);
        Finding finding = new Finding("EventsExpiringUnread", now, CheckStatus.FAILING, "s", "o", "t", "w", "f");

        AlertDecision decision = AlertDecision.decide("k", finding, failing, T0.plusSeconds(300), REMINDER);

        assertEquals(expected, decision.kind());
        if (expected == AlertDecision.Kind.OPENED) {
            assertEquals(new AlertState("k", CheckStatus.FAILING, now, T0, T0.plusSeconds(300), 6), decision.next(),
                    "the incident keeps its start");
        }
    }

    @Test
    void decide_whenInfoStillFailing_neverReminds() {
        AlertState told = new AlertState("k", CheckStatus.FAILING, Severity.INFO, T0, T0, 1);
        Finding info = new Finding("AwaitingFirstEvents", Severity.INFO, CheckStatus.FAILING, "s", "o", "t", "", "f");

        assertEquals(AlertDecision.Kind.NONE, AlertDecision.decide("k", info, told, T0.plus(Duration.ofDays(2)),
                REMINDER).kind());
    }
}
