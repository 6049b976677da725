package com.meter.siem.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.meter.siem.health.AlertMessage;
import com.meter.siem.health.CheckStatus;
import com.meter.siem.health.Finding;
import com.meter.siem.health.HealthChecker;
import com.meter.siem.health.HealthReport;
import com.meter.siem.health.Severity;
import com.meter.siem.testing.ScheduledEvents;
import com.meter.siem.testing.TestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

class HealthCheckHandlerTest {
    private static final Finding FAILING = new Finding("NoIncomingRecords", Severity.CRITICAL, CheckStatus.FAILING,
            "No SIEM events.", "0 records", "at least 1 record", "w", "fix");

    @Test
    void handleRequest_whenRunFindsProblems_logsEachAndReturnsASummary() {
        HealthChecker checker = mock(HealthChecker.class);
        AlertMessage alert = new AlertMessage("CRITICAL FAILING: NoIncomingRecords on s (1 r)", "t", "{}",
                Severity.CRITICAL, "FAILING", "s", List.of("NoIncomingRecords"), "meter-siem:1:r:s:NoIncomingRecords");
        when(checker.run()).thenReturn(new HealthReport(Map.of("s", List.of(FAILING,
                Finding.ok("StreamUnavailable", Severity.CRITICAL, "ACTIVE"))), List.of(alert)));

        try (LogCapture logs = new LogCapture()) {
            Map<String, Object> summary = new HealthCheckHandler(checker).handleRequest(ScheduledEvents.load(),
                    TestContext.withRemainingTime(Duration.ofSeconds(60)));

            assertEquals(1L, summary.get("failing"));
            assertEquals(List.of("CRITICAL FAILING: NoIncomingRecords on s (1 r)"), summary.get("alerts"));
            assertTrue(logs.text().contains("\"check\":\"NoIncomingRecords\""), logs.text());
            assertTrue(logs.text().contains("\"message\":\"alert published\""), logs.text());
            assertFalse(logs.text().contains("StreamUnavailable"), "OK findings are not logged one by one");
        }
    }

    @Test
    void record_whenFindingsAndCapacity_writeEmbeddedMetricsWithExactlyTheDashboardDimensions() {
        PowertoolsFindingRecorder recorder = new PowertoolsFindingRecorder(MetricsFactory.getMetricsInstance(),
                "MeterSiem");

        try (LogCapture logs = new LogCapture()) {
            recorder.record("meter-siem-events", FAILING);
            recorder.capacity("meter-siem-events", 60_000, 62_914_560);

            String emf = logs.text();
            assertTrue(emf.contains("\"Namespace\":\"MeterSiem\""), emf);
            assertTrue(emf.contains("[[\"StreamName\",\"Check\"]]"), emf);
            assertTrue(emf.contains("\"CheckFailing\":1"), emf);
            assertTrue(emf.contains("[[\"StreamName\"]]"), emf);
            assertTrue(emf.contains("\"WriteCapacityRecordsPerMinute\":60000"), emf);
            assertFalse(emf.contains("\"Service\""), "the dashboard's queries name no Service dimension");
        }
    }
}
