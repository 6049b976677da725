package com.meter.siem.health;

import static com.meter.siem.health.HealthCheckIT.finding;
import static com.meter.siem.health.HealthHarness.STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.meter.siem.aws.CloudWatchMetrics;
import com.meter.siem.testing.FaultProxy;
import com.meter.siem.testing.MotoExtension;
import com.meter.siem.testing.MotoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole path from Meter to the SIEM, checked by the real checker against moto: the first connection,
 * events expiring unread, nobody reading, throttled reads. Kinesis metrics are put into moto as Kinesis
 * would publish them; alerts are read from a queue on the topic.
 */
@ExtendWith(MotoExtension.class)
class DataPathIT {
    private static final String ON_STREAM = " on meter-siem-events (123456789012 us-east-1)";
    private static final String ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/meter-siem-events";
    private HealthHarness aws;

    @BeforeEach
    void provisionIntegration() {
        aws = new HealthHarness();
        aws.provisionIntegration();
    }

    @Test
    void run_whenFirstConnected_informsOnceWithoutPagingThenPagesOnSilenceOnlyAfterTheFirstRecords() {
        HealthReport deployed = aws.checker().run();

        List<JsonNode> alerts = aws.received();
        assertEquals(List.of("INFO FAILING: AwaitingFirstEvents" + ON_STREAM), subjects(alerts), "no page on deploy");
        String body = alerts.get(0).get("Message").asText();
        assertTrue(body.contains("Kinesis stream meter-siem-events is ready and waits for Meter's first events; this is"
                + " not an incident."), body);
        assertTrue(body.contains("AWS Kinesis ARN " + ARN + " (stack output KinesisStreamArn)"), body);
        assertTrue(body.contains("Role ARN arn:aws:iam::123456789012:role/meter-siem/MeterSIEMIntegrationRole (output"
                + " IamRoleArn)"), body);
        assertTrue(body.contains("aws secretsmanager get-secret-value --secret-id " + aws.secretArn()
                + " --region us-east-1 --query SecretString --output text"), body);
        assertEquals(CheckStatus.OK, finding(deployed, "NoIncomingRecords").status());

        aws.clock.advance(Duration.ofHours(4));
        aws.checker().run();
        assertEquals(List.of(), aws.received(), "INFO is told once, not reminded");

        aws.traffic(STREAM, 5, 100, 10_000);
        aws.checker().run();
        assertEquals(List.of("RESOLVED: AwaitingFirstEvents" + ON_STREAM), subjects(aws.received()));

        aws.clock.advance(Duration.ofMinutes(15));
        aws.checker().run();
        assertEquals(List.of("CRITICAL FAILING: NoIncomingRecords" + ON_STREAM), subjects(aws.received()),
                "from the first record on, silence pages");

        aws.clock.advance(Duration.ofDays(2));
        HealthReport later = aws.checker().run();
        assertEquals(CheckStatus.OK, finding(later, "AwaitingFirstEvents").status(),
                "the first record is remembered after it leaves the metric window");
        assertEquals(CheckStatus.FAILING, finding(later, "NoIncomingRecords").status());
    }

    @Test
    void run_whenStillNotConnectedAfterTheConfiguredDays_warnsOnce() {
        aws.checker().run();
        aws.received();

        aws.clock.advance(Duration.ofDays(3).minusMinutes(10));
        aws.checker().run();
        assertEquals(List.of(), aws.received());

        aws.clock.advance(Duration.ofMinutes(15));
        HealthReport report = aws.checker().run();

        Finding waiting = finding(report, "AwaitingFirstEvents");
        assertEquals(Severity.WARNING, waiting.severity());
        JsonNode alert = aws.received().get(0);
        assertEquals("WARNING FAILING: AwaitingFirstEvents" + ON_STREAM, alert.get("Subject").asText());
        assertTrue(alert.get("Message").asText().contains("Meter has still not sent any event to Kinesis stream"
                + " meter-siem-events, 3 days after it was created."), alert.get("Message").asText());
    }

    @Test
    void run_whenTheStreamHadTrafficBeforeTheCheckerKnewIt_countsAsConnected() {
        aws.connected(STREAM, 20);

        HealthReport report = aws.checker().run();

        assertEquals(CheckStatus.OK, finding(report, "AwaitingFirstEvents").status());
        assertEquals(List.of("CRITICAL FAILING: NoIncomingRecords" + ON_STREAM), subjects(aws.received()));
    }

    @Test
    void run_whenClassicReadersFallBehind_warnsThenEscalatesThenResolves() {
        aws.traffic(STREAM, 30, 100, 10_000);
        aws.put(STREAM, "GetRecords.IteratorAgeMilliseconds", 3, Duration.ofHours(13).toMillis());

        HealthReport warned = aws.checker().run();

        Finding behind = finding(warned, "EventsExpiringUnread");
        assertEquals(Severity.WARNING, behind.severity());
        assertEquals("13 hours behind (GetRecords.IteratorAgeMilliseconds Maximum): 54% of the 24-hour retention",
                behind.observed());
        JsonNode alert = aws.received().get(0);
        assertEquals("WARNING FAILING: EventsExpiringUnread" + ON_STREAM, alert.get("Subject").asText());
        String body = alert.get("Message").asText();
        assertTrue(body.contains("the oldest not yet read by classic readers (GetRecords) are 13 hours old, and"
                + " Kinesis deletes them in about 11 hours."), body);
        assertTrue(body.contains("raise KinesisRetentionHours"), body);

        aws.clock.advance(Duration.ofMinutes(5));
        aws.traffic(STREAM, 5, 100, 10_000);
        aws.put(STREAM, "GetRecords.IteratorAgeMilliseconds", 3, Duration.ofHours(20).toMillis());
        aws.checker().run();
        assertEquals(List.of("CRITICAL FAILING: EventsExpiringUnread" + ON_STREAM), subjects(aws.received()),
                "a rise to CRITICAL is news");

        aws.clock.advance(Duration.ofMinutes(35));
        aws.traffic(STREAM, 30, 100, 10_000);
        aws.checker().run();
        assertEquals(List.of("RESOLVED: EventsExpiringUnread" + ON_STREAM), subjects(aws.received()));
    }

    @Test
    void run_whenAnEnhancedFanOutConsumerFallsBehind_namesItAndCountsItsDeliveriesAsReads() {
        aws.registerConsumer(STREAM, "siem-efo");
        aws.registerConsumer(STREAM, "archiver");
        aws.unreadTraffic(STREAM, 40, 100, 10_000);
        for (int ago = 3; ago < 43; ago++) {
            aws.putConsumer(STREAM, "siem-efo", "SubscribeToShardEvent.Records", ago, 100);
            aws.putConsumer(STREAM, "siem-efo", "SubscribeToShardEvent.MillisBehindLatest", ago,
                    Duration.ofHours(20).toMillis());
            aws.putConsumer(STREAM, "archiver", "SubscribeToShardEvent.MillisBehindLatest", ago, 500);
        }

        HealthReport report = aws.checker().run();

        Finding behind = finding(report, "EventsExpiringUnread");
        assertEquals(Severity.CRITICAL, behind.severity());
        assertTrue(behind.summary().contains("not yet read by enhanced fan-out consumer siem-efo are 20 hours old"),
                behind.summary());
        assertEquals("20 hours behind (SubscribeToShardEvent.MillisBehindLatest Maximum): 83% of the 24-hour"
                + " retention", behind.observed());
        assertEquals(CheckStatus.OK, finding(report, "StreamNotRead").status(), "the consumer's deliveries are reads");
        assertEquals(List.of("CRITICAL FAILING: EventsExpiringUnread" + ON_STREAM), subjects(aws.received()));
    }

    @Test
    void run_whenRecordsArriveAndNobodyReads_warnsAfterTheWindowAndResolvesWhenReadingStarts() {
        aws.unreadTraffic(STREAM, 25, 100, 10_000);
        assertEquals(CheckStatus.OK, finding(aws.checker().run(), "StreamNotRead").status(), "27 minutes unread");

        aws.clock.advance(Duration.ofMinutes(5));
        aws.unreadTraffic(STREAM, 5, 100, 10_000);
        HealthReport report = aws.checker().run();

        Finding notRead = finding(report, "StreamNotRead");
        assertEquals(CheckStatus.FAILING, notRead.status());
        assertEquals("0 records read (GetRecords.Records and SubscribeToShardEvent.Records Sum) for 30 minutes",
                notRead.observed());
        JsonNode alert = aws.received().get(0);
        assertEquals("WARNING FAILING: StreamNotRead" + ON_STREAM, alert.get("Subject").asText());
        assertTrue(alert.get("Message").asText().contains("The SIEM is not reading Kinesis stream meter-siem-events:"
                + " 3000 records arrived since"), alert.get("Message").asText());

        aws.clock.advance(Duration.ofMinutes(5));
        aws.traffic(STREAM, 5, 100, 10_000);
        aws.checker().run();
        assertEquals(List.of("RESOLVED: StreamNotRead" + ON_STREAM), subjects(aws.received()));
    }

    @Test
    void run_whenReadsThrottled_warnsWithTheLimitsAndTheFix() {
        aws.traffic(STREAM, 30, 100, 10_000);
        aws.put(STREAM, "ReadProvisionedThroughputExceeded", 4, 7);

        HealthReport report = aws.checker().run();

        Finding throttled = finding(report, "ThrottledReads");
        assertEquals(CheckStatus.FAILING, throttled.status());
        assertEquals("7 throttled reads (ReadProvisionedThroughputExceeded Sum)", throttled.observed());
        assertTrue(throttled.fix().startsWith("Classic readers (GetRecords) share each shard's limits: 5 reads per"
                + " second and 2 MB/s"), throttled.fix());
        assertTrue(throttled.fix().contains("enhanced fan-out"), throttled.fix());
        assertEquals(List.of("WARNING FAILING: ThrottledReads" + ON_STREAM), subjects(aws.received()));
    }

    @Test
    void run_whenSeveralReadChecksFail_sendsOneMessageForTheStream() {
        aws.unreadTraffic(STREAM, 40, 100, 10_000);
        aws.put(STREAM, "ReadProvisionedThroughputExceeded", 4, 3);

        aws.checker().run();

        JsonNode alert = aws.received().get(0);
        assertEquals("WARNING FAILING: StreamNotRead +1" + ON_STREAM, alert.get("Subject").asText());
        assertEquals(List.of(), aws.received());
    }

    @Test
    void run_whenMetricsCannotBeRead_reportsEveryDataPathCheckUnknown() {
        aws.metrics = (queries, start, end) -> {
            throw new IllegalStateException("CloudWatch unavailable");
        };

        HealthReport report = aws.checker().run();

        for (String check : List.of("AwaitingFirstEvents", "EventsExpiringUnread", "StreamNotRead", "ThrottledReads")) {
            assertEquals(CheckStatus.UNKNOWN, finding(report, check).status(), check);
        }
        assertEquals(List.of("WARNING FAILING: MetricsUnavailable" + ON_STREAM), subjects(aws.received()));
    }

    @Test
    void run_whenConsumersCannotBeListed_reportsTheReaderChecksUnknown() {
        aws.unreadTraffic(STREAM, 40, 100, 10_000);
        aws.consumers = streamArn -> {
            throw new IllegalStateException("ListStreamConsumers refused");
        };

        HealthReport report = aws.checker().run();

        assertEquals(CheckStatus.UNKNOWN, finding(report, "EventsExpiringUnread").status());
        assertEquals(CheckStatus.UNKNOWN, finding(report, "StreamNotRead").status(),
                "a fan-out consumer may be reading");
        assertEquals(CheckStatus.OK, finding(report, "ThrottledReads").status());
        assertEquals(List.of(), aws.received());
    }

    @ParameterizedTest(name = "{0} streams")
    @ValueSource(ints = {1, 10, 100})
    void run_whenStreamsAndConsumersAreMany_readsAllTheirMetricsInOneCall(int count) {
        List<String> streams = new ArrayList<>(List.of(STREAM));
        IntStream.range(1, count).mapToObj(i -> "other-" + i).forEach(name -> {
            aws.clients.kinesis().createStream(r -> r.streamName(name).shardCount(1));
            streams.add(name);
        });
        IntStream.range(0, 20).forEach(i -> aws.registerConsumer(STREAM, "consumer-" + i));
        ConsumerLister kinesis = aws.consumers;
        AtomicInteger listings = new AtomicInteger();
        aws.consumers = streamArn -> {
            listings.incrementAndGet();
            return kinesis.consumerNames(streamArn);
        };
        aws.traffic(STREAM, 30, 100, 10_000);
        aws.putConsumer(STREAM, "consumer-19", "SubscribeToShardEvent.MillisBehindLatest", 3,
                Duration.ofHours(22).toMillis());

        HealthReport report;
        try (FaultProxy cloudWatchAsAws = new FaultProxy(MotoServer.endpoint())) {
            aws.metrics = new CloudWatchMetrics(aws.clients.withEndpoint(cloudWatchAsAws.endpoint()).cloudWatch());

            report = aws.checker(streams, false).run();

            assertEquals(List.of("monitoring:GetMetricData"), cloudWatchAsAws.calls(), "%d x 3 + 3 + 20 x 2 = %d"
                    .formatted(count, count * 3 + 3 + 40) + " queries in one request, which takes at most 500");
        }
        assertEquals(1, listings.get(), "ListStreamConsumers for the stream the SIEM reads");
        assertEquals(Severity.CRITICAL, finding(report, "EventsExpiringUnread").severity());
        assertTrue(finding(report, "EventsExpiringUnread").summary().contains("consumer consumer-19"));
        assertTrue(streams.subList(1, count).stream().flatMap(stream -> report.findings().get(stream).stream())
                .noneMatch(f -> f.check().equals("StreamNotRead")), "readers are watched on the stream the SIEM reads");
    }

    private static List<String> subjects(List<JsonNode> alerts) {
        return alerts.stream().map(alert -> alert.get("Subject").asText()).toList();
    }
}
