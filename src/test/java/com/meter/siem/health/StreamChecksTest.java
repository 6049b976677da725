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

/** The write-side, availability and drift checks of any monitored stream, over observations built in memory. */
class StreamChecksTest {
    private static final Instant END = Instant.parse("2026-11-30T12:00:00Z");
    private static final String ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/siem";
    private static final double MB = 1024 * 1024;
    private static final ExpectedStream EXPECTED = new ExpectedStream(48, "alias/aws/kinesis",
            Set.of("IncomingBytes", "IncomingRecords"));

    private final Map<Instant, Double> records = new HashMap<>();
    private final Map<Instant, Double> bytes = new HashMap<>();
    private final Map<Instant, Double> throttled = new HashMap<>();
    private String mode = "PROVISIONED";
    private int shards = 2;
    private boolean complete = true;

    @Test
    void streamAvailability_whenTheStreamCouldNotBeDescribed_isUnknown() {
        Finding finding = new StreamUnavailableCheck().evaluate(
                new StreamObservation("siem", null, "ThrottlingException", null, END, false));

        assertEquals(Finding.unknown("StreamUnavailable", Severity.CRITICAL,
                "could not describe the stream: ThrottlingException"), finding);
    }

    @Test
    void streamAvailability_whenTheStreamIsMissing_failsCritical() {
        Finding finding = new StreamUnavailableCheck().evaluate(
                new StreamObservation("siem", null, null, null, END, false));

        assertEquals(CheckStatus.FAILING, finding.status());
        assertEquals(Severity.CRITICAL, finding.severity());
        assertEquals("Kinesis stream siem does not exist in this account and region.", finding.summary());
        assertEquals("stream not found", finding.observed());
        assertEquals("stream exists and is ACTIVE", finding.threshold());
    }

    @ParameterizedTest(name = "{0}: {1} {2}")
    @CsvSource({"ACTIVE, OK, CRITICAL", "UPDATING, FAILING, WARNING", "DELETING, FAILING, CRITICAL",
            "CREATING, FAILING, CRITICAL"})
    void streamAvailability_whenTheStreamHasAStatus_failsUnlessActiveAndOnlyWarnsWhileUpdating(
            String status, CheckStatus expected, Severity severity) {
        Finding finding = new StreamUnavailableCheck().evaluate(observation(status));

        assertEquals(expected, finding.status());
        assertEquals(severity, finding.severity());
        if (expected == CheckStatus.FAILING) {
            assertEquals("Kinesis stream siem is %s, not ACTIVE.".formatted(status), finding.summary());
            assertEquals("status " + status, finding.observed());
            assertEquals(status.equals("UPDATING"), finding.fix().startsWith("A shard, mode or encryption change"),
                    finding.fix());
        }
    }

    @Test
    void metricsReadable_whenMetricsWereNotRead_saysWhyAsUnknown() {
        assertEquals(Finding.unknown("MetricsUnavailable", Severity.WARNING,
                        "could not describe the stream; metrics not read"),
                new MetricsUnavailableCheck().evaluate(new StreamObservation("siem", null, "Throttling", null, END,
                        false)));
        assertEquals(Finding.unknown("MetricsUnavailable", Severity.WARNING, "stream not ACTIVE; metrics not read"),
                new MetricsUnavailableCheck().evaluate(new StreamObservation("siem", status("UPDATING"), null, null, END,
                        false)));
    }

    @Test
    void metricsReadable_whenCompleteOrPartial_isOkOrFailing() {
        assertEquals(Finding.ok("MetricsUnavailable", Severity.WARNING, "metrics read completely"),
                new MetricsUnavailableCheck().evaluate(observation("ACTIVE")));
        complete = false;

        Finding partial = new MetricsUnavailableCheck().evaluate(observation("ACTIVE"));

        assertEquals(CheckStatus.FAILING, partial.status());
        assertEquals("CloudWatch returned partial or no metric data for siem, so the metric checks are UNKNOWN.",
                partial.summary());
    }

    @Test
    void metricChecks_whenMetricsArePartial_areUnknownNeverOk() {
        complete = false;
        StreamObservation partial = observation("ACTIVE");

        for (StreamCheck check : new StreamCheck[] {new NoIncomingRecordsCheck(Duration.ofMinutes(10)),
                new ThrottledWritesCheck(Duration.ofMinutes(5), 80), new CapacityHeadroomCheck(Duration.ofMinutes(5), 80),
                new OverProvisionedCheck(Duration.ofHours(24), 10, 80), new AwaitingFirstEventsCheck(Duration.ofDays(3),
                "r", "c")}) {
            Finding finding = check.evaluate(partial);
            assertEquals(CheckStatus.UNKNOWN, finding.status(), check.toString());
            assertEquals("metrics unavailable", finding.summary(), check.toString());
        }
    }

    @ParameterizedTest(name = "{0} records {1} minutes ago: {2}")
    @CsvSource({"1, 10, OK", "1, 11, FAILING", "0.5, 1, FAILING", "3, 1, OK", "0, 1, FAILING"})
    void noIncomingRecords_whenFewerThanOneRecordInTheWindow_fails(double count, int minutesAgo,
                                                                  CheckStatus expected) {
        records.put(END.minus(Duration.ofMinutes(minutesAgo)), count);

        Finding finding = new NoIncomingRecordsCheck(Duration.ofMinutes(10)).evaluate(observation("ACTIVE"));

        assertEquals(expected, finding.status());
        assertEquals(Severity.CRITICAL, finding.severity());
        if (expected == CheckStatus.OK) {
            assertEquals("%.0f records in the last 10 minutes".formatted(count), finding.summary());
        } else {
            assertEquals("No SIEM events reached Kinesis stream siem for 10 minutes.", finding.summary());
            assertEquals("2026-11-30 11:50 to 12:00 UTC (10 minutes)", finding.window());
        }
    }

    @Test
    void throttledWrites_whenNone_isOk() {
        throttled.put(END.minus(Duration.ofMinutes(6)), 3.0);

        assertEquals(Finding.ok("ThrottledWrites", Severity.CRITICAL, "no throttled writes"),
                new ThrottledWritesCheck(Duration.ofMinutes(5), 80).evaluate(observation("ACTIVE")));
    }

    @Test
    void throttledWrites_whenProvisioned_advisesTheShardCountThePeakNeeds() {
        throttled.put(END.minus(Duration.ofMinutes(5)), 7.0);
        bytes.put(END.minus(Duration.ofMinutes(2)), 4 * MB * 60);
        records.put(END.minus(Duration.ofMinutes(2)), 600.0 * 60);

        Finding finding = new ThrottledWritesCheck(Duration.ofMinutes(5), 80).evaluate(observation("ACTIVE"));

        assertEquals(CheckStatus.FAILING, finding.status());
        assertEquals("7 throttled writes (WriteProvisionedThroughputExceeded Sum)", finding.observed());
        assertEquals("2026-11-30 11:55 to 12:00 UTC (5 minutes)", finding.window());
        assertEquals("Raise KinesisShardCount from 2 to 5 (peak accepted 4.00 MB/s and 600 records/s against 1 MB/s"
                + " and 1,000 records/s per shard, 80% target use; throttled writes come on top), or set"
                + " StreamMode=ON_DEMAND for unpredictable volumes, then deploy with `sam deploy`.", finding.fix());
    }

    @Test
    void throttledWrites_whenThePeakFitsTheShards_advisesOneMore() {
        throttled.put(END.minus(Duration.ofMinutes(1)), 1.0);
        records.put(END.minus(Duration.ofMinutes(1)), 60.0);

        Finding finding = new ThrottledWritesCheck(Duration.ofMinutes(5), 80).evaluate(observation("ACTIVE"));

        assertStartsWith("Raise KinesisShardCount from 2 to 3 (peak accepted 0.0 KB/s and 1 records/s", finding.fix());
    }

    @Test
    void throttledWrites_whenOnDemand_pointsAtTheModeItself() {
        mode = "ON_DEMAND";
        throttled.put(END.minus(Duration.ofMinutes(1)), 1.0);

        Finding finding = new ThrottledWritesCheck(Duration.ofMinutes(5), 80).evaluate(observation("ACTIVE"));

        assertEquals(CheckStatus.FAILING, finding.status());
        assertEquals("The stream is ON_DEMAND and scales by itself within minutes; if throttling persists, set"
                + " StreamMode=PROVISIONED with a KinesisShardCount sized for your peak, or ask AWS to raise the"
                + " on-demand write limit.", finding.fix());
    }

    @ParameterizedTest(name = "{0} MB/s on 2 shards: {1}")
    @CsvSource({"1.6, OK", "1.61, FAILING", "0.5, OK"})
    void capacityHeadroom_whenThePeakPassesTheHeadroom_warns(double mbPerSecond, CheckStatus expected) {
        bytes.put(END.minus(Duration.ofMinutes(5)), mbPerSecond * MB * 60);

        Finding finding = new CapacityHeadroomCheck(Duration.ofMinutes(5), 80).evaluate(observation("ACTIVE"));

        assertEquals(expected, finding.status());
        assertEquals(Severity.WARNING, finding.severity());
        if (expected == CheckStatus.OK) {
            assertEquals("peak use %.0f%% of capacity".formatted(mbPerSecond * 50), finding.summary());
        }
    }

    @Test
    void capacityHeadroom_whenFailing_saysHowManyShardsKeepTheHeadroom() {
        records.put(END.minus(Duration.ofMinutes(1)), 3000.0 * 60);
        bytes.put(END.minus(Duration.ofMinutes(1)), 0.5 * MB * 60);

        Finding finding = new CapacityHeadroomCheck(Duration.ofMinutes(5), 80).evaluate(observation("ACTIVE"));

        assertEquals("Kinesis stream siem is close to its write capacity: throttling starts at 100%.",
                finding.summary());
        assertEquals("peak minute at 150% of 2 shard(s) (512.0 KB/s, 3000 records/s)", finding.observed());
        assertEquals("at most 80% of capacity", finding.threshold());
        assertEquals("2026-11-30 11:55 to 12:00 UTC (5 minutes)", finding.window());
        assertEquals("Raise KinesisShardCount from 2 to 4 (each shard adds 1 MB/s and 1,000 records/s), or set"
                + " StreamMode=ON_DEMAND, then deploy with `sam deploy`.", finding.fix());
    }

    @Test
    void capacityHeadroom_whenJustOverWithOneShardMoreEnough_advisesOneMore() {
        shards = 4;
        bytes.put(END.minus(Duration.ofMinutes(1)), 3.3 * MB * 60);

        Finding finding = new CapacityHeadroomCheck(Duration.ofMinutes(5), 80).evaluate(observation("ACTIVE"));

        assertEquals(CheckStatus.FAILING, finding.status());
        assertStartsWith("Raise KinesisShardCount from 4 to 5 ", finding.fix());
    }

    @Test
    void capacityChecks_whenOnDemand_areOk() {
        mode = "ON_DEMAND";
        bytes.put(END.minus(Duration.ofMinutes(1)), 100 * MB * 60);

        assertEquals(Finding.ok("CapacityHeadroom", Severity.WARNING, "ON_DEMAND streams scale by themselves"),
                new CapacityHeadroomCheck(Duration.ofMinutes(5), 80).evaluate(observation("ACTIVE")));
        assertEquals(Finding.ok("OverProvisioned", Severity.INFO, "one shard or ON_DEMAND"),
                new OverProvisionedCheck(Duration.ofHours(24), 10, 80).evaluate(observation("ACTIVE")));
    }

    @Test
    void overProvisioned_whenOneShard_isOk() {
        shards = 1;

        assertEquals(CheckStatus.OK, new OverProvisionedCheck(Duration.ofHours(24), 10, 80)
                .evaluate(observation("ACTIVE")).status());
    }

    @ParameterizedTest(name = "{0} records/s on 4 shards: {1}")
    @CsvSource({"400, OK", "399, FAILING"})
    void overProvisioned_whenThePeakUsesLessThanTheLowShare_advisesFewerShards(double perSecond,
                                                                              CheckStatus expected) {
        shards = 4;
        records.put(END.minus(Duration.ofHours(23)), perSecond * 60);

        Finding finding = new OverProvisionedCheck(Duration.ofHours(24), 10, 80).evaluate(observation("ACTIVE"));

        assertEquals(expected, finding.status());
        assertEquals(Severity.INFO, finding.severity());
        if (expected == CheckStatus.OK) {
            assertEquals("peak use 10% of capacity", finding.summary());
        }
    }

    @Test
    void overProvisioned_whenTheHeadroomWouldNeedMoreShards_stillAdvisesOneFewer() {
        shards = 2;
        records.put(END.minus(Duration.ofHours(1)), 1_700.0 * 60);

        Finding finding = new OverProvisionedCheck(Duration.ofHours(24), 90, 80).evaluate(observation("ACTIVE"));

        assertStartsWith("Lower KinesisShardCount from 2 to 1 ", finding.fix());
    }

    @Test
    void overProvisioned_whenFailing_estimatesTheSaving() {
        shards = 4;
        bytes.put(END.minus(Duration.ofHours(1)), 0.1 * MB * 60);
        records.put(END.minus(Duration.ofHours(1)), 10.0 * 60);

        Finding finding = new OverProvisionedCheck(Duration.ofHours(24), 10, 80).evaluate(observation("ACTIVE"));

        assertEquals("Kinesis stream siem has more shards than its traffic needs.", finding.summary());
        assertEquals("peak minute at 2.5% of 4 shards (102.4 KB/s, 10 records/s)", finding.observed());
        assertEquals("at least 10% of capacity at the peak", finding.threshold());
        assertEquals("2026-11-29 12:00 to 12:00 UTC (24 hours)", finding.window());
        assertEquals("Lower KinesisShardCount from 4 to 1 and deploy with `sam deploy`: about $32.85 a month less at"
                + " the us-east-1 price of $0.015 per shard-hour (prices vary by region). Shorter retention also costs"
                + " less; archive to S3 with Firehose instead of long Kinesis retention.", finding.fix());
    }

    @Test
    void overProvisioned_whenThePeakNeedsMoreThanOneShard_advisesThatMany() {
        shards = 8;
        bytes.put(END.minus(Duration.ofHours(1)), 0.7 * MB * 60);

        Finding finding = new OverProvisionedCheck(Duration.ofHours(24), 10, 80).evaluate(observation("ACTIVE"));

        assertStartsWith("Lower KinesisShardCount from 8 to 1 ", finding.fix());
        bytes.put(END.minus(Duration.ofHours(2)), 0.79 * MB * 60);
        shards = 10;
        assertStartsWith("Lower KinesisShardCount from 10 to 1 ", new OverProvisionedCheck(Duration.ofHours(24), 10, 80)
                .evaluate(observation("ACTIVE")).fix());
        bytes.put(END.minus(Duration.ofHours(3)), 0.81 * MB * 60);
        shards = 9;
        assertStartsWith("Lower KinesisShardCount from 9 to 2 ", new OverProvisionedCheck(Duration.ofHours(24), 10, 80)
                .evaluate(observation("ACTIVE")).fix());
    }

    @Test
    void driftChecks_whenTheStreamIsMissingOrUnreadable_areUnknownSayingWhich() {
        StreamObservation missing = new StreamObservation("siem", null, null, null, END, false);
        StreamObservation unreadable = new StreamObservation("siem", null, "Throttling", null, END, false);

        for (StreamCheck check : new StreamCheck[] {new RetentionLoweredCheck(EXPECTED),
                new EncryptionChangedCheck(EXPECTED), new ShardMetricsDisabledCheck(EXPECTED)}) {
            assertEquals(CheckStatus.UNKNOWN, check.evaluate(missing).status(), check.toString());
            assertEquals("stream not found", check.evaluate(missing).summary(), check.toString());
            assertEquals("could not describe the stream", check.evaluate(unreadable).summary(), check.toString());
        }
    }

    @ParameterizedTest(name = "{0} hours: {1}")
    @CsvSource({"48, OK", "72, OK", "47, FAILING"})
    void retentionDrift_whenLoweredBelowTheDeployedHours_warns(int hours, CheckStatus expected) {
        Finding finding = new RetentionLoweredCheck(EXPECTED).evaluate(observation(stream(hours, "alias/aws/kinesis",
                EXPECTED.shardLevelMetrics())));

        assertEquals(expected, finding.status());
        assertEquals(Severity.WARNING, finding.severity());
        if (expected == CheckStatus.FAILING) {
            assertEquals("Retention of Kinesis stream siem was lowered outside the stack.", finding.summary());
            assertEquals("47 hours", finding.observed());
            assertEquals("48 hours (KinesisRetentionHours)", finding.threshold());
        } else {
            assertEquals("retention %d hours".formatted(hours), finding.summary());
        }
    }

    @ParameterizedTest(name = "expected [{0}], actual [{1}]: {2}")
    @CsvSource(delimiter = '|', value = {
            "alias/aws/kinesis | alias/aws/kinesis | OK | ",
            " | arn:aws:kms:us-east-1:123456789012:key/k | OK | ",
            " | | OK | ",
            "alias/aws/kinesis | | FAILING | not encrypted",
            "alias/aws/kinesis | arn:aws:kms:us-east-1:123456789012:key/k | FAILING"
                    + " | encrypted with arn:aws:kms:us-east-1:123456789012:key/k"})
    void encryptionDrift_whenTheKeyDiffersFromTheDeployedOne_failsCritical(String expectedKey, String actualKey,
                                                                          CheckStatus expected, String observed) {
        ExpectedStream deployed = new ExpectedStream(48, expectedKey == null ? "" : expectedKey, Set.of());

        Finding finding = new EncryptionChangedCheck(deployed).evaluate(observation(stream(48,
                actualKey == null ? "" : actualKey, Set.of())));

        assertEquals(expected, finding.status());
        assertEquals(Severity.CRITICAL, finding.severity());
        if (expected == CheckStatus.FAILING) {
            assertEquals(observed, finding.observed());
            assertEquals("encrypted with alias/aws/kinesis", finding.threshold());
            assertEquals("Server-side encryption of Kinesis stream siem was changed outside the stack.",
                    finding.summary());
        }
    }

    @Test
    void shardMetricsDrift_whenADeployedMetricIsDisabled_namesTheMissingOnes() {
        assertEquals(Finding.ok("ShardMetricsDisabled", Severity.WARNING, "shard-level metrics enabled"),
                new ShardMetricsDisabledCheck(EXPECTED).evaluate(observation(stream(48, "",
                        Set.of("IncomingBytes", "IncomingRecords", "OutgoingBytes")))));

        Finding finding = new ShardMetricsDisabledCheck(EXPECTED).evaluate(observation(stream(48, "",
                Set.of("OutgoingBytes"))));

        assertEquals(CheckStatus.FAILING, finding.status());
        assertEquals("Shard-level metrics of Kinesis stream siem were disabled outside the stack.", finding.summary());
        assertEquals("disabled: IncomingBytes, IncomingRecords", finding.observed());
        assertEquals("enabled: IncomingBytes, IncomingRecords", finding.threshold());
    }

    private static void assertStartsWith(String prefix, String text) {
        assertTrue(text.startsWith(prefix), text);
    }

    private StreamStatus status(String status) {
        return new StreamStatus("siem", ARN, StreamLifecycle.valueOf(status), StreamMode.valueOf(mode), shards, 24,
                Set.of(), "", END.minus(Duration.ofDays(9)));
    }

    private StreamStatus stream(int retentionHours, String kmsKeyId, Set<String> metrics) {
        return new StreamStatus("siem", ARN, StreamLifecycle.ACTIVE, StreamMode.valueOf(mode), shards, retentionHours,
                metrics, kmsKeyId,
                END.minus(Duration.ofDays(9)));
    }

    private StreamObservation observation(String status) {
        return observation(status(status));
    }

    private StreamObservation observation(StreamStatus status) {
        MetricSeries throttledWrites = complete ? MetricSeries.of(throttled) : MetricSeries.unavailable();
        return new StreamObservation("siem", status, null, new StreamMetrics(MetricSeries.of(records),
                MetricSeries.of(bytes), throttledWrites, null), END, false);
    }
}
