package com.meter.siem.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.meter.siem.integration.ExternalIdRotation;
import com.meter.siem.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExternalIdRotationPendingCheckTest {
    private static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);

    @ParameterizedTest(name = "grace {0} days, started {1} hours ago: {2}")
    @CsvSource({"7, 167, OK", "7, 168, FAILING", "1, 23, OK", "1, 25, FAILING", "90, 2159, OK", "90, 2160, FAILING"})
    void evaluate_whenStarted_warnsOnlyOnceTheGracePeriodHasPassed(int graceDays, int hoursAgo, CheckStatus expected) {
        ExternalIdRotationPendingCheck check = new ExternalIdRotationPendingCheck(new ExternalIdRotationSettings(
                ExternalIdRotation.STARTED, Duration.ofDays(graceDays)), clock);

        Finding finding = check.evaluate(observedSince(NOW.minus(Duration.ofHours(hoursAgo))));

        assertEquals(expected, finding.status());
        assertEquals(Severity.WARNING, finding.severity());
    }

    @Test
    void evaluate_whenNoRotationIsStarted_isOkHoweverOldTheId() {
        ExternalIdRotationPendingCheck check = new ExternalIdRotationPendingCheck(
                new ExternalIdRotationSettings(ExternalIdRotation.FINISHED, Duration.ofDays(7)), clock);

        assertEquals(CheckStatus.OK, check.evaluate(observedSince(NOW.minus(Duration.ofDays(400)))).status());
    }

    @Test
    void evaluate_whenTheSecretCannotBeRead_isUnknownNeverOk() {
        ExternalIdRotationPendingCheck check = new ExternalIdRotationPendingCheck(new ExternalIdRotationSettings(
                ExternalIdRotation.STARTED, Duration.ofDays(7)), clock);

        assertEquals(CheckStatus.UNKNOWN, check.evaluate(observedSince(null)).status());
    }

    private static AccessObservation observedSince(Instant since) {
        return new AccessObservation("MeterSIEMIntegrationRole", "{}", List.of(), List.of(), "policy", "{}", "{}", "{}",
                since);
    }
}
