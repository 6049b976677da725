package com.meter.siem.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.meter.siem.integration.StreamLifecycle;
import com.meter.siem.integration.StreamMode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The checks of the path from Meter to the SIEM over observations built in memory: every branch, in milliseconds. */
class DataPathChecksTest {
    private static final Instant END = Instant.parse("2026-11-30T12:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(30);
    private static final StreamStatus STATUS = new StreamStatus("siem", "arn:aws:kinesis:us-east-1:1:stream/siem",
            StreamLifecycle.ACTIVE, StreamMode.PROVISIONED, 2, 24, Set.of(), "", END.minus(Duration.ofDays(1)));
    private static final MetricSeries NONE = MetricSeries.of(Map.of());

    private final Map<Instant, Double> incoming = new HashMap<>();
    private final Map<Instant, Double> read = new HashMap<>();
    private final Map<Instant, Double> iteratorAge = new HashMap<>();
    private final Map<Instant, Double> throttledReads = new HashMap<>();
    private final Map<String, ReadMetrics.ConsumerMetrics> consumers = new HashMap<>();
    private boolean consumersListed = true;
    private boolean complete = true;

    @ParameterizedTest(name = "{0} hours behind of 24: {1} {2}")
    @CsvSource({"11.9, OK, WARNING", "12, FAILING, WARNING", "19.1, FAILING, WARNING", "19.2, FAILING, CRITICAL",
            "30, FAILING, CRITICAL"})
    void eventsExpiringUnread_whenTheFurthestReaderIsBehind_comparesItWithRetention(double hours,
                                                                                   CheckStatus status,
                                                                                   Severity severity) {
        iteratorAge.put(minutesAgo(10), 1_000.0);
        consumers.put("efo", consumer(hours * 3_600_000, 100));

        Finding finding = new EventsExpiringUnreadCheck(WINDOW, 50, 80).evaluate(observation());

        assertEquals(status, finding.status());
        assertEquals(severity, finding.severity());
        if (status == CheckStatus.FAILING) {
            assertTrue(finding.summary().contains("enhanced fan-out consumer efo"), finding.summary());
        }
    }

    @ParameterizedTest(name = "classic readers {0} hours behind of 24: deleted in about {2}")
    @CsvSource({"20, 20 hours, 4 hours", "30, 1 day, 0 minutes"})
    void eventsExpiringUnread_whenClassicReadersAreBehind_saysHowLongUntilKinesisDeletes(double hours, String age,
                                                                                        String left) {
        iteratorAge.put(minutesAgo(5), hours * 3_600_000);

        Finding finding = new EventsExpiringUnreadCheck(WINDOW, 50, 80).evaluate(observation());

        assertEquals(("Events in Kinesis stream siem are expiring unread: the oldest not yet read by classic readers"
                + " (GetRecords) are %s old, and Kinesis deletes them in about %s.").formatted(age, left),
                finding.summary());
    }

    @Test
    void eventsExpiringUnread_whenAReaderCaughtUp_readsItsNewestPosition() {
        iteratorAge.put(minutesAgo(20), 20 * 3_600_000.0);
        iteratorAge.put(minutesAgo(1), 1_000.0);

        assertEquals(CheckStatus.OK, new EventsExpiringUnreadCheck(WINDOW, 50, 80).evaluate(observation()).status());
    }

    @Test
    void eventsExpiringUnread_whenNoReaderReported_isOkAndLeavesSilenceToStreamNotRead() {
        iteratorAge.put(minutesAgo(45), 20 * 3_600_000.0);

        Finding finding = new EventsExpiringUnreadCheck(WINDOW, 50, 80).evaluate(observation());

        assertEquals(CheckStatus.OK, finding.status());
        assertEquals("no reader reported its position in the last 30 minutes", finding.summary());
    }

    @Test
    void readChecks_whenMetricsIncompleteOrConsumersUnlisted_areUnknownNeverOk() {
        complete = false;
        StreamObservation partial = observation();
        complete = true;
        consumersListed = false;
        StreamObservation unlisted = observation();

        for (StreamCheck check : new StreamCheck[] {new EventsExpiringUnreadCheck(WINDOW, 50, 80),
                new StreamNotReadCheck(WINDOW), new ThrottledReadsCheck(WINDOW)}) {
            assertEquals(CheckStatus.UNKNOWN, check.evaluate(partial).status(), check.toString());
        }
        assertEquals(CheckStatus.UNKNOWN, new EventsExpiringUnreadCheck(WINDOW, 50, 80).evaluate(unlisted).status());
        assertEquals(CheckStatus.UNKNOWN, new StreamNotReadCheck(WINDOW).evaluate(unlisted).status());
    }

    @ParameterizedTest(name = "records since {0} minutes, last read {1} minutes ago: {2}")
    @CsvSource({"29, -1, OK", "30, -1, FAILING", "90, 31, FAILING", "90, 29, OK", "90, 5, OK", "0, -1, OK"})
    void streamNotRead_whenRecordsWaitUnread_failsOnceTheOldestHasWaitedTheWindow(int arrivingFor, int lastReadAgo,
                                                                                 CheckStatus expected) {
        for (int ago = 1; ago <= arrivingFor; ago++) {
            incoming.put(minutesAgo(ago), 10.0);
        }
        if (lastReadAgo >= 0) {
            read.put(minutesAgo(lastReadAgo), 10.0);
        }

        assertEquals(expected, new StreamNotReadCheck(WINDOW).evaluate(observation()).status());
    }

    @Test
    void streamNotRead_whenOk_saysWhetherRecordsWait() {
        assertEquals(Finding.ok("StreamNotRead", Severity.WARNING, "no record waits unread"),
                new StreamNotReadCheck(WINDOW).evaluate(observation()));
        incoming.put(minutesAgo(5), 10.0);

        assertEquals(Finding.ok("StreamNotRead", Severity.WARNING, "records wait unread for 5 minutes"),
                new StreamNotReadCheck(WINDOW).evaluate(observation()));
    }

    @Test
    void streamNotRead_whenOnlyAFanOutConsumerReads_isOk() {
        for (int ago = 1; ago <= 60; ago++) {
            incoming.put(minutesAgo(ago), 10.0);
        }
        consumers.put("efo", consumer(500, 10));

        assertEquals(CheckStatus.OK, new StreamNotReadCheck(WINDOW).evaluate(observation()).status());
    }

    @ParameterizedTest(name = "{0} throttled reads: {1}")
    @CsvSource({"0, OK", "1, FAILING"})
    void throttledReads_whenAnyReadWasRefused_warns(double throttled, CheckStatus expected) {
        throttledReads.put(minutesAgo(3), throttled);

        Finding finding = new ThrottledReadsCheck(Duration.ofMinutes(5)).evaluate(observation());

        assertEquals(expected, finding.status());
        assertEquals(Severity.WARNING, finding.severity());
    }

    @ParameterizedTest(name = "created {0} hours before: {1}")
    @CsvSource({"1, INFO", "71, INFO", "72, WARNING"})
    void awaitingFirstEvents_whenNoRecordYet_informsThenWarnsAfterTheDays(int hours, Severity expected) {
        StreamStatus fresh = new StreamStatus("siem", STATUS.arn(), StreamLifecycle.ACTIVE, StreamMode.PROVISIONED, 1, 24,
                Set.of(), "", END.minus(Duration.ofHours(hours)));
        StreamObservation waiting = new StreamObservation("siem", fresh, null, metrics(), END, true);

        Finding finding = new AwaitingFirstEventsCheck(Duration.ofDays(3), "arn:aws:iam::1:role/meter-siem/r",
                "aws secretsmanager get-secret-value --secret-id s").evaluate(waiting);

        assertEquals(CheckStatus.FAILING, finding.status());
        assertEquals(expected, finding.severity());
        assertTrue(finding.summary().startsWith(expected == Severity.WARNING
                ? "Meter has still not sent any event to Kinesis stream siem, "
                : "Kinesis stream siem is ready and waits for Meter's first events"), finding.summary());
        assertTrue(finding.fix().contains("AWS Kinesis ARN " + STATUS.arn()), finding.fix());
        assertEquals(CheckStatus.OK, new NoIncomingRecordsCheck(Duration.ofMinutes(10)).evaluate(waiting).status(),
                "a stream never connected does not page");
    }

    @Test
    void awaitingFirstEvents_whenConnected_isOkAndSilencePages() {
        StreamObservation connected = observation();

        assertEquals(CheckStatus.OK, new AwaitingFirstEventsCheck(Duration.ofDays(3), "r", "c").evaluate(connected)
                .status());
        assertEquals(CheckStatus.FAILING, new NoIncomingRecordsCheck(Duration.ofMinutes(10)).evaluate(connected)
                .status());
    }

    private StreamObservation observation() {
        return new StreamObservation("siem", STATUS, null, metrics(), END, false);
    }

    private StreamMetrics metrics() {
        MetricSeries throttled = complete ? MetricSeries.of(throttledReads) : MetricSeries.unavailable();
        return new StreamMetrics(MetricSeries.of(incoming), NONE, NONE, new ReadMetrics(throttled,
                MetricSeries.of(read), MetricSeries.of(iteratorAge), consumers, consumersListed));
    }

    private static ReadMetrics.ConsumerMetrics consumer(double lagMillis, double delivered) {
        return new ReadMetrics.ConsumerMetrics(MetricSeries.of(Map.of(minutesAgo(2), lagMillis)),
                MetricSeries.of(Map.of(minutesAgo(2), delivered)));
    }

    private static Instant minutesAgo(int minutes) {
        return END.minus(Duration.ofMinutes(minutes));
    }
}
