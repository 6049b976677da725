package com.meter.siem.health;

import static com.meter.siem.health.HealthHarness.STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.meter.siem.aws.CloudWatchMetrics;
import com.meter.siem.aws.DynamoDbAlertStore;
import com.meter.siem.testing.FaultProxy;
import com.meter.siem.testing.MotoExtension;
import com.meter.siem.testing.MotoServer;
import com.meter.siem.testing.Rendezvous;
import java.time.Duration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The real checker against moto: metrics put into AWS/Kinesis, alerts read from a queue on the topic. */
@ExtendWith(MotoExtension.class)
class HealthCheckIT {
    private static final String SUBJECT_SUFFIX = " on meter-siem-events (123456789012 us-east-1)";
    private HealthHarness aws;

    @BeforeEach
    void provisionIntegration() {
        aws = new HealthHarness();
        aws.provisionIntegration();
    }

    @Test
    void run_whenTrafficFlowsAndNothingDrifted_findsEverythingOkAndSendsNothing() {
        aws.traffic(STREAM, 30, 600, 300_000);

        HealthReport report = aws.checker().run();

        assertEquals(List.of(), notOk(report), "every check passes on a healthy integration");
        assertEquals(List.of(), aws.received());
    }

    @Test
    void run_whenNoRecordsArrived_alertsCriticalOnceAndNotAgainOnTheNextRun() {
        aws.connected(STREAM, 6);
        HealthReport first = aws.checker().run();

        List<JsonNode> alerts = aws.received();
        assertEquals(1, alerts.size());
        JsonNode alert = alerts.get(0);
        assertEquals("CRITICAL FAILING: NoIncomingRecords" + SUBJECT_SUFFIX, alert.get("Subject").asText());
        assertEquals("CRITICAL", attribute(alert, "severity"));
        assertEquals("FAILING", attribute(alert, "state"));
        assertEquals(STREAM, attribute(alert, "stream"));
        assertEquals("[\"NoIncomingRecords\"]", attribute(alert, "check"));
        assertEquals("meter-siem:123456789012:us-east-1:meter-siem-events:NoIncomingRecords",
                attribute(alert, "dedupKey"));
        String body = alert.get("Message").asText();
        assertTrue(body.contains("No SIEM events reached Kinesis stream meter-siem-events for 10 minutes."), body);
        assertTrue(body.contains("Observed: 0 records (IncomingRecords Sum); threshold: at least 1 record"), body);
        assertTrue(body.contains("Stream: arn:aws:kinesis:us-east-1:123456789012:stream/meter-siem-events"), body);
        assertTrue(body.contains("Send test event"), body);
        assertTrue(body.contains("Dashboard: https://"), body);
        assertEquals(1, first.sent().size());

        aws.clock.advance(Duration.ofMinutes(5));
        HealthReport second = aws.checker().run();

        assertEquals(List.of(), second.sent());
        assertEquals(List.of(), aws.received());
    }

    @Test
    void run_whenRecordsResume_sendsResolved() {
        aws.connected(STREAM, 6);
        aws.checker().run();
        aws.received();
        aws.clock.advance(Duration.ofMinutes(5));
        aws.traffic(STREAM, 10, 100, 10_000);

        aws.checker().run();

        List<JsonNode> alerts = aws.received();
        assertEquals(1, alerts.size());
        assertEquals("RESOLVED: NoIncomingRecords" + SUBJECT_SUFFIX, alerts.get(0).get("Subject").asText());
        assertEquals("RESOLVED", attribute(alerts.get(0), "state"));
        assertTrue(alerts.get(0).get("Message").asText().contains("[RESOLVED] NoIncomingRecords: 1000 records in the"
                + " last 10 minutes."), alerts.get(0).get("Message").asText());
    }

    @Test
    void run_whenStillFailing_remindsOnlyAfterTheReminderInterval() {
        aws.connected(STREAM, 6);
        aws.checker().run();
        aws.received();

        aws.clock.advance(Duration.ofHours(4).minusMinutes(1));
        aws.checker().run();
        assertEquals(List.of(), aws.received(), "no reminder before four hours");

        aws.clock.advance(Duration.ofMinutes(1));
        aws.checker().run();
        List<JsonNode> alerts = aws.received();
        assertEquals(1, alerts.size());
        assertEquals("CRITICAL REMINDER: NoIncomingRecords" + SUBJECT_SUFFIX, alerts.get(0).get("Subject").asText());

        aws.clock.advance(Duration.ofHours(3));
        aws.checker().run();
        assertEquals(List.of(), aws.received(), "the next reminder counts from the last one");
    }

    @Test
    void run_whenTwoRunsOverlap_sendsOneAlert() {
        aws.connected(STREAM, 6);
        // Both read the alert state before either writes it, each on a thread of its own.
        Rendezvous bothLoaded = new Rendezvous(2);
        AlertStore table = new DynamoDbAlertStore(aws.clients.dynamoDb(), HealthHarness.TABLE);
        HealthChecker first = aws.checker(aws.config(List.of(STREAM), false),
                bothLoaded.after(AlertStore.class, table, "load"));
        HealthChecker second = aws.checker(aws.config(List.of(STREAM), false),
                bothLoaded.after(AlertStore.class, table, "load"));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        int sent;
        try {
            var runs = Stream.of(first, second).map(c -> CompletableFuture.supplyAsync(c::run, threads)).toList();
            sent = runs.stream().mapToInt(run -> run.join().sent().size()).sum();
        } finally {
            threads.shutdownNow();
        }

        assertEquals(1, sent);
        assertEquals(1, aws.received().size());
    }

    @Test
    void run_whenWritesThrottled_alertsWithTheShardCountToSet() {
        aws.traffic(STREAM, 30, 60_000, 62_000_000);
        aws.put(STREAM, "WriteProvisionedThroughputExceeded", 4, 12);

        HealthReport report = aws.checker().run();

        Finding throttled = finding(report, "ThrottledWrites");
        assertEquals(CheckStatus.FAILING, throttled.status());
        assertEquals("12 throttled writes (WriteProvisionedThroughputExceeded Sum)", throttled.observed());
        assertTrue(throttled.fix().startsWith("Raise KinesisShardCount from 1 to 2 (peak accepted 1009.1 KB/s and"
                + " 1000 records/s"), throttled.fix());
        JsonNode alert = aws.received().get(0);
        assertEquals("CRITICAL FAILING: ThrottledWrites +1" + SUBJECT_SUFFIX, alert.get("Subject").asText(),
                "one message for the stream's findings of one run");
        assertEquals("[\"ThrottledWrites\",\"CapacityHeadroom\"]", attribute(alert, "check"));
    }

    @Test
    void run_whenPeakMinuteNearCapacity_warnsBeforeThrottling() {
        aws.traffic(STREAM, 30, 6_000, 1_000_000);
        aws.put(STREAM, "IncomingBytes", 3, 55 * 1024 * 1024);

        HealthReport report = aws.checker().run();

        Finding headroom = finding(report, "CapacityHeadroom");
        assertEquals(CheckStatus.FAILING, headroom.status());
        assertEquals(Severity.WARNING, headroom.severity());
        assertEquals("peak minute at 93% of 1 shard(s) (954.9 KB/s, 100 records/s)", headroom.observed());
        assertEquals("WARNING FAILING: CapacityHeadroom" + SUBJECT_SUFFIX, aws.received().get(0).get("Subject").asText());
    }

    @Test
    void run_whenManyShardsCarryLittle_advisesFewerWithTheSaving() {
        aws.clients.kinesis().updateShardCount(r -> r.streamName(STREAM).targetShardCount(2)
                .scalingType("UNIFORM_SCALING"));
        aws.clients.kinesis().updateShardCount(r -> r.streamName(STREAM).targetShardCount(4)
                .scalingType("UNIFORM_SCALING"));
        aws.traffic(STREAM, 60, 600, 600_000);

        HealthReport report = aws.checker().run();

        Finding over = finding(report, "OverProvisioned");
        assertEquals(CheckStatus.FAILING, over.status());
        assertEquals(Severity.INFO, over.severity());
        assertTrue(over.fix().startsWith("Lower KinesisShardCount from 4 to 1 and deploy with `sam deploy`: about"
                + " $32.85 a month less"), over.fix());
    }

    @Test
    void run_whenSeveralShardsCarryHalfTheirCapacity_neitherWarnsNorAdvisesFewer() {
        aws.clients.kinesis().updateShardCount(r -> r.streamName(STREAM).targetShardCount(2)
                .scalingType("UNIFORM_SCALING"));
        aws.traffic(STREAM, 60, 60_000, 30_000_000);

        HealthReport report = aws.checker().run();

        assertEquals(CheckStatus.OK, finding(report, "OverProvisioned").status());
        assertEquals("peak use 50% of capacity", finding(report, "OverProvisioned").summary());
        assertEquals(CheckStatus.OK, finding(report, "CapacityHeadroom").status());
        assertEquals(List.of(), aws.received());
    }

    @Test
    void run_whenStreamDeleted_alertsAndHoldsBackItsMetricFindings() {
        aws.clients.kinesis().deleteStream(r -> r.streamName(STREAM));

        HealthReport report = aws.checker().run();

        assertEquals(CheckStatus.FAILING, finding(report, "StreamUnavailable").status());
        assertEquals(CheckStatus.UNKNOWN, finding(report, "NoIncomingRecords").status());
        assertEquals(CheckStatus.UNKNOWN, finding(report, "ThrottledWrites").status());
        JsonNode alert = aws.received().get(0);
        assertEquals("CRITICAL FAILING: StreamUnavailable" + SUBJECT_SUFFIX, alert.get("Subject").asText());
    }

    @Test
    void run_whenSeveralStreams_readsAllMetricsInOneCall() {
        for (String name : List.of("siem-b", "siem-c")) {
            aws.clients.kinesis().createStream(r -> r.streamName(name).shardCount(1));
        }
        aws.traffic("siem-b", 15, 100, 10_000);
        aws.connected(STREAM, 6);

        HealthReport report = aws.checker(List.of(STREAM, "siem-b", "siem-c"), false).run();

        assertEquals(1, aws.calls.count("cloudwatch:GetMetricData"));
        assertEquals(CheckStatus.FAILING, findingOf(report, STREAM, "NoIncomingRecords").status());
        assertEquals(CheckStatus.OK, findingOf(report, "siem-b", "NoIncomingRecords").status());
        assertEquals(CheckStatus.FAILING, findingOf(report, "siem-c", "NoIncomingRecords").status());
        assertFalse(report.findings().get("siem-b").stream().anyMatch(f -> f.check().equals("TrustPolicyChanged")),
                "drift is checked on the integration's stream only");
        assertEquals(2, aws.received().size(), "one message per failing stream");
    }

    @Test
    void run_whenTheMetricsAnswerComesInPages_trustsTheWholeAnswer() {
        aws.traffic(STREAM, 30, 600, 300_000);
        try (FaultProxy cloudWatchAsAws = new FaultProxy(MotoServer.endpoint())) {
            cloudWatchAsAws.pageMetricData(25);
            aws.metrics = new CloudWatchMetrics(aws.clients.withEndpoint(cloudWatchAsAws.endpoint()).cloudWatch());

            HealthReport report = aws.checker().run();

            assertEquals(List.of(), notOk(report), "MetricsUnavailable and the traffic checks are OK");
            assertEquals(5, cloudWatchAsAws.calls().stream().filter(c -> c.equals("monitoring:GetMetricData")).count(),
                    "120 datapoints (written and read) in pages of 25");
        }
    }

    @Test
    void run_whenMetricReadFails_reportsUnknownNeverHealthy() {
        aws.traffic(STREAM, 15, 100, 10_000);
        aws.metrics = (queries, start, end) -> {
            throw new IllegalStateException("CloudWatch unavailable");
        };

        HealthReport report = aws.checker().run();

        assertEquals(CheckStatus.FAILING, finding(report, "MetricsUnavailable").status());
        for (String check : List.of("NoIncomingRecords", "ThrottledWrites", "CapacityHeadroom", "OverProvisioned")) {
            assertEquals(CheckStatus.UNKNOWN, finding(report, check).status(), check);
        }
        assertEquals("WARNING FAILING: MetricsUnavailable" + SUBJECT_SUFFIX,
                aws.received().get(0).get("Subject").asText());
    }

    @Test
    void run_whenMetricsComeBackPartial_reportsUnknown() {
        aws.metrics = (queries, start, end) -> queries.stream().collect(Collectors.toMap(query -> query,
                query -> switch (query.metric()) {
                    case INCOMING_RECORDS -> MetricSeries.of(Map.of(end.minusSeconds(120), 5.0));
                    case INCOMING_BYTES -> MetricSeries.unavailable();
                    default -> MetricSeries.of(Map.of());
                }));

        HealthReport report = aws.checker().run();

        assertEquals(CheckStatus.UNKNOWN, finding(report, "NoIncomingRecords").status());
        assertEquals(CheckStatus.FAILING, finding(report, "MetricsUnavailable").status());
    }

    @Test
    void run_whenMetricsStillPartialAfterAFailingRun_neitherResolvesNorRealerts() {
        aws.connected(STREAM, 6);
        aws.checker().run();
        aws.received();
        aws.clock.advance(Duration.ofMinutes(5));
        aws.metrics = (queries, start, end) -> Map.of();

        aws.checker().run();

        List<JsonNode> alerts = aws.received();
        assertEquals(1, alerts.size());
        assertEquals("WARNING FAILING: MetricsUnavailable" + SUBJECT_SUFFIX, alerts.get(0).get("Subject").asText(),
                "no RESOLVED for NoIncomingRecords while its metrics are unknown");
    }

    @Test
    void run_whenChatNotificationsOn_publishesTheChatbotFormatWithPlainTextForEmail() {
        aws.connected(STREAM, 6);
        aws.checker(List.of(STREAM), true).run();

        JsonNode notification = HealthHarness.read(aws.received().get(0).get("Message").asText());
        assertEquals("1.0", notification.get("version").asText());
        assertEquals("custom", notification.get("source").asText());
        assertEquals("client-markdown", notification.at("/content/textType").asText());
        assertEquals(":rotating_light: CRITICAL FAILING: NoIncomingRecords" + SUBJECT_SUFFIX,
                notification.at("/content/title").asText());
        assertTrue(notification.at("/content/nextSteps/0").asText().startsWith("NoIncomingRecords: In the Meter"));
        assertEquals("meter-siem:123456789012:us-east-1:meter-siem-events:NoIncomingRecords",
                notification.at("/metadata/threadId").asText());
        assertEquals("arn:aws:kinesis:us-east-1:123456789012:stream/meter-siem-events",
                notification.at("/metadata/relatedResources/0").asText());
    }

    private static String attribute(JsonNode envelope, String name) {
        return envelope.at("/MessageAttributes/" + name + "/Value").asText();
    }

    static Finding finding(HealthReport report, String check) {
        return findingOf(report, STREAM, check);
    }

    static Finding findingOf(HealthReport report, String stream, String check) {
        return report.findings().get(stream).stream().filter(f -> f.check().equals(check)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding " + check + " for " + stream));
    }

    private static List<String> notOk(HealthReport report) {
        List<String> notOk = new ArrayList<>();
        report.findings().forEach((stream, findings) -> findings.stream()
                .filter(f -> f.status() != CheckStatus.OK)
                .forEach(f -> notOk.add(stream + " " + f.check() + " " + f.status() + ": " + f.summary())));
        return notOk;
    }

}
