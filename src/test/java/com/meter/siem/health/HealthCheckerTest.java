package com.meter.siem.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.meter.siem.integration.ExternalId;
import com.meter.siem.integration.ExternalIdRotation;
import com.meter.siem.integration.StreamLifecycle;
import com.meter.siem.integration.StreamMode;
import com.meter.siem.provisioning.SecretGateway;
import com.meter.siem.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One run of the health checker over in-memory Kinesis, CloudWatch, IAM, Secrets Manager, DynamoDB and SNS. */
class HealthCheckerTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:30Z");
    /** Where the metric window ends: the minute, less the default two minutes' delay. */
    private static final Instant END = Instant.parse("2026-11-30T11:58:00Z");
    private static final String STREAM = "siem";
    private static final String OTHER = "audit";
    private static final String ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/siem";
    private static final String ROLE = "MeterSIEMIntegrationRole";
    private static final String POLICY_ARN = "arn:aws:iam::123456789012:policy/meter-siem/MeterSIEMKinesisWritePolicy";
    private static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:s/external-id-AbC";
    private static final String METER = "arn:aws:iam::458553032353:role/Meter-data-export";
    private static final ExternalId ID = ExternalId.of("id-" + "0123456789abcdef".repeat(2));
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
            + "{\"AWS\":\"" + METER + "\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":"
            + "{\"sts:ExternalId\":\"" + ID.reveal() + "\"}}}]}";
    private static final String WRITE = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
            + "[\"kinesis:PutRecord\",\"kinesis:PutRecords\"],\"Resource\":\"" + ARN + "\"}]}";
    private static final List<String> STREAM_CHECKS = List.of("StreamUnavailable", "MetricsUnavailable",
            "NoIncomingRecords", "ThrottledWrites", "CapacityHeadroom", "OverProvisioned");
    private static final List<String> ACCESS_CHECKS = List.of("RoleMissing", "TrustPolicyChanged",
            "WritePolicyChanged", "ExternalIdRotationPending");

    private final MutableClock clock = new MutableClock(NOW);
    private final Streams streams = new Streams();
    private final Metrics metrics = new Metrics();
    private final Roles roles = new Roles();
    private final ExternalIdSecret secret = new ExternalIdSecret();
    private final Alerts alerts = new Alerts();
    private final Map<String, Instant> firstRecords = new HashMap<>();
    private final List<String> recorded = new ArrayList<>();
    private List<String> consumers = List.of();
    private boolean consumersFail;

    @Test
    void run_whenEverythingIsHealthy_findsEveryCheckOkAndSendsNothing() {
        healthy();

        HealthReport report = checker(List.of(STREAM)).run();

        List<Finding> findings = report.findings().get(STREAM);
        assertEquals(allChecks(), findings.stream().map(Finding::check).toList());
        assertEquals(List.of(), findings.stream().filter(f -> f.status() != CheckStatus.OK).toList());
        assertEquals(0, report.failing());
        assertEquals(0, report.unknown());
        assertEquals(List.of(), report.sent());
        assertEquals(List.of(END.minus(Duration.ofHours(24)), END), metrics.window);
        assertEquals(Map.of("meter-siem:123456789012:us-east-1:siem:FirstRecord", END.minus(Duration.ofMinutes(30))),
                firstRecords);
        List<String> expected = new ArrayList<>(allChecks().stream().map(check -> "finding siem " + check).toList());
        expected.addFirst("capacity siem 60000 62914560");
        assertEquals(expected, recorded);
    }

    @Test
    void run_whenTheIntegrationStreamHasAConsumer_readsItsSeriesByName() {
        healthy();
        consumers = List.of("efo");
        metrics.put(STREAM, "efo", "SubscribeToShardEvent.MillisBehindLatest", Map.of(END.minusSeconds(60),
                20 * 3_600_000.0));

        Finding expiring = finding(checker(List.of(STREAM)).run(), STREAM, "EventsExpiringUnread");

        assertEquals(CheckStatus.FAILING, expiring.status());
        assertTrue(expiring.summary().contains("enhanced fan-out consumer efo"), expiring.summary());
        assertEquals(List.of("IncomingRecords", "IncomingBytes", "WriteProvisionedThroughputExceeded",
                "ReadProvisionedThroughputExceeded", "GetRecords.Records", "GetRecords.IteratorAgeMilliseconds",
                "efo SubscribeToShardEvent.MillisBehindLatest", "efo SubscribeToShardEvent.Records"), metrics.asked);
    }

    @Test
    void run_whenASecondStreamIsMonitored_checksOnlyItsWriteSide() {
        healthy();
        streams.put(OTHER, "ACTIVE", "ON_DEMAND");
        metrics.put(OTHER, "", "IncomingRecords", Map.of(END.minusSeconds(60), 5.0));

        HealthReport report = checker(List.of(STREAM, OTHER)).run();

        assertEquals(STREAM_CHECKS, report.findings().get(OTHER).stream().map(Finding::check).toList());
        assertEquals(0, report.failing());
        assertEquals(List.of("IncomingRecords", "IncomingBytes", "WriteProvisionedThroughputExceeded"),
                metrics.asked.subList(6, 9));
        assertEquals(9, metrics.asked.size());
        assertTrue(recorded.stream().noneMatch(line -> line.startsWith("capacity audit")), recorded.toString());
    }

    @Test
    void run_whenTheStreamIsGone_failsItAndReadsNoMetricsOrReaders() {
        healthy();
        streams.statuses.clear();
        consumersFail = true;

        HealthReport report = checker(List.of(STREAM)).run();

        assertEquals(CheckStatus.FAILING, finding(report, STREAM, "StreamUnavailable").status());
        assertEquals("stream not ACTIVE; metrics not read", finding(report, STREAM, "MetricsUnavailable").summary());
        assertEquals("stream not found", finding(report, STREAM, "RetentionLowered").summary());
        assertEquals(List.of(), metrics.asked);
        assertEquals(1, report.sent().size());
        assertEquals("StreamUnavailable", report.sent().getFirst().checks().getFirst());
        assertTrue(report.sent().getFirst().text().contains("Stream: (not found)"), report.sent().getFirst().text());
    }

    @Test
    void run_whenTheStreamCannotBeDescribed_isUnknownNotMissing() {
        healthy();
        streams.failing.add(STREAM);

        HealthReport report = checker(List.of(STREAM)).run();

        assertEquals(Finding.unknown("StreamUnavailable", Severity.CRITICAL,
                "could not describe the stream: IllegalStateException"), finding(report, STREAM, "StreamUnavailable"));
        assertEquals("could not describe the stream", finding(report, STREAM, "RetentionLowered").summary());
        assertEquals(List.of(), report.sent());
    }

    @Test
    void run_whenMetricsCannotBeRead_everyMetricCheckIsUnknown() {
        healthy();
        metrics.fail = true;

        HealthReport report = checker(List.of(STREAM)).run();

        assertEquals(CheckStatus.FAILING, finding(report, STREAM, "MetricsUnavailable").status());
        for (String check : List.of("NoIncomingRecords", "ThrottledWrites", "CapacityHeadroom", "OverProvisioned",
                "AwaitingFirstEvents", "EventsExpiringUnread", "StreamNotRead", "ThrottledReads")) {
            assertEquals(CheckStatus.UNKNOWN, finding(report, STREAM, check).status(), check);
        }
        assertEquals(Map.of(), firstRecords, "nothing is remembered from incomplete metrics");
    }

    @Test
    void run_whenConsumersCannotBeListed_readersAreUnknown() {
        healthy();
        consumersFail = true;

        HealthReport report = checker(List.of(STREAM)).run();

        assertEquals(Finding.unknown("StreamNotRead", Severity.WARNING, "could not list the stream's consumers"),
                finding(report, STREAM, "StreamNotRead"));
        assertEquals(CheckStatus.OK, finding(report, STREAM, "ThrottledReads").status());
    }

    @Test
    void run_whenTheRoleCannotBeRead_everyAccessCheckIsUnknownAtItsSeverity() {
        healthy();
        roles.fail = true;

        HealthReport report = checker(List.of(STREAM)).run();

        assertEquals(Finding.unknown("TrustPolicyChanged", Severity.CRITICAL, "could not read the role"),
                finding(report, STREAM, "TrustPolicyChanged"));
        assertEquals(Finding.unknown("ExternalIdRotationPending", Severity.WARNING, "could not read the role"),
                finding(report, STREAM, "ExternalIdRotationPending"));
        assertEquals(4, report.unknown());
    }

    @Test
    void run_whenTheRoleIsGone_failsRoleMissingAndReadsNoSecret() {
        healthy();
        roles.role = null;

        HealthReport report = checker(List.of(STREAM)).run();

        assertEquals(CheckStatus.FAILING, finding(report, STREAM, "RoleMissing").status());
        assertEquals("role not found", finding(report, STREAM, "WritePolicyChanged").summary());
        assertEquals(0, secret.reads);
    }

    @Test
    void run_whenTheSecretIsScheduledForDeletion_failsTheTrustPolicyCheck() {
        healthy();
        secret.scheduled = true;

        HealthReport report = checker(List.of(STREAM)).run();

        assertEquals("external ID secret scheduled for deletion",
                finding(report, STREAM, "TrustPolicyChanged").observed());
        assertEquals(CheckStatus.OK, finding(report, STREAM, "WritePolicyChanged").status());
    }

    @Test
    void run_whenTheWritePolicyIsGone_failsWritePolicyChanged() {
        healthy();
        roles.policy = null;

        assertEquals("the write policy was deleted",
                finding(checker(List.of(STREAM)).run(), STREAM, "WritePolicyChanged").observed());
    }

    @Test
    void run_whenTheFirstRecordIsRemembered_silenceIsNoIncomingRecordsNotAwaiting() {
        healthy();
        metrics.series.clear();
        HealthChecker checker = checker(List.of(STREAM));

        HealthReport waiting = checker.run();
        assertEquals(CheckStatus.FAILING, finding(waiting, STREAM, "AwaitingFirstEvents").status());
        assertEquals(CheckStatus.OK, finding(waiting, STREAM, "NoIncomingRecords").status());

        firstRecords.put("meter-siem:123456789012:us-east-1:siem:FirstRecord", END.minus(Duration.ofDays(3)));
        HealthReport silent = checker.run();

        assertEquals(CheckStatus.OK, finding(silent, STREAM, "AwaitingFirstEvents").status());
        assertEquals(CheckStatus.FAILING, finding(silent, STREAM, "NoIncomingRecords").status());
    }

    @Test
    void run_whenAFailureLasts_alertsOnceThenRemindsThenResolves() {
        healthy();
        streams.put(STREAM, "UPDATING", "PROVISIONED");
        HealthChecker checker = checker(List.of(STREAM));

        AlertMessage opened = checker.run().sent().getFirst();
        assertEquals("FAILING", opened.state());
        assertEquals(List.of("StreamUnavailable"), opened.checks());
        assertEquals(List.of(), checker.run().sent(), "told once");
        clock.advance(Duration.ofHours(4));
        healthyUntil(END.plus(Duration.ofHours(4)));
        streams.put(STREAM, "UPDATING", "PROVISIONED");
        assertEquals("REMINDER", checker.run().sent().getFirst().state());
        streams.put(STREAM, "ACTIVE", "PROVISIONED");
        assertEquals("RESOLVED", checker.run().sent().getFirst().state());
        assertEquals(List.of("FAILING", "REMINDER", "RESOLVED"), alerts.published.stream().map(AlertMessage::state)
                .toList());
    }

    @Test
    void run_whenAnotherRunAlreadyClaimedTheAlert_sendsNothing() {
        healthy();
        streams.put(STREAM, "UPDATING", "PROVISIONED");
        alerts.refuseReplace = true;

        assertEquals(List.of(), checker(List.of(STREAM)).run().sent());
        assertEquals(List.of(), alerts.published);
    }

    @Test
    void run_whenPublishingFails_givesTheStateBackSoTheNextRunSends() {
        healthy();
        streams.put(STREAM, "UPDATING", "PROVISIONED");
        alerts.publishFailures = 1;
        HealthChecker checker = checker(List.of(STREAM));

        RuntimeException failure = assertThrows(IllegalStateException.class, checker::run);

        assertEquals("SNS is unavailable", failure.getMessage());
        assertEquals(Map.of(), alerts.states);
        assertEquals("FAILING", checker.run().sent().getFirst().state());
    }

    @Test
    void run_whenPublishingFailsForTwoStreamsAndRestoringFails_throwsTheFirstWithTheOtherSuppressed() {
        healthy();
        streams.put(STREAM, "UPDATING", "PROVISIONED");
        streams.put(OTHER, "UPDATING", "PROVISIONED");
        alerts.publishFailures = 2;
        alerts.restoreFails = true;

        RuntimeException failure = assertThrows(IllegalStateException.class, checker(List.of(STREAM, OTHER))::run);

        assertEquals(1, failure.getSuppressed().length);
        assertSame(alerts.failures.get(1), failure.getSuppressed()[0]);
        assertEquals(2, alerts.states.size(), "the states stay claimed when they cannot be given back");
    }

    private void healthy() {
        healthyUntil(END);
    }

    /** An ACTIVE stream that took records every minute of the last half hour before END, read by a classic reader. */
    private void healthyUntil(Instant end) {
        streams.put(STREAM, "ACTIVE", "PROVISIONED");
        Map<Instant, Double> records = new HashMap<>();
        for (int minutes = 1; minutes <= 30; minutes++) {
            records.put(end.minus(Duration.ofMinutes(minutes)), 100.0);
        }
        metrics.put(STREAM, "", "IncomingRecords", records);
        metrics.put(STREAM, "", "GetRecords.Records", Map.of(end.minusSeconds(60), 100.0));
        metrics.put(STREAM, "", "GetRecords.IteratorAgeMilliseconds", Map.of(end.minusSeconds(60), 1_000.0));
    }

    private HealthChecker checker(List<String> monitored) {
        HealthConfig config = new HealthConfig(monitored, ROLE, POLICY_ARN, SECRET_ARN, METER,
                new ExpectedStream(24, "", Set.of()), "", "aws", "123456789012", "us-east-1",
                "arn:aws:sns:us-east-1:123456789012:alerts", "alerts", false, "", HealthSettings.defaults(),
                new ExternalIdRotationSettings(ExternalIdRotation.FINISHED, Duration.ofDays(7)));
        FirstRecordLog log = new FirstRecordLog() {
            @Override
            public Optional<Instant> firstRecord(String key) {
                return Optional.ofNullable(firstRecords.get(key));
            }

            @Override
            public void remember(String key, Instant at) {
                firstRecords.putIfAbsent(key, at);
            }
        };
        FindingRecorder recorder = new FindingRecorder() {
            @Override
            public void record(String streamName, Finding finding) {
                recorded.add("finding " + streamName + " " + finding.check());
            }

            @Override
            public void capacity(String streamName, double recordsPerMinute, double bytesPerMinute) {
                recorded.add("capacity %s %.0f %.0f".formatted(streamName, recordsPerMinute, bytesPerMinute));
            }
        };
        ConsumerLister lister = streamArn -> {
            if (consumersFail) {
                throw new IllegalStateException("LimitExceededException");
            }
            assertEquals(ARN, streamArn);
            return consumers;
        };
        return new HealthChecker(streams, lister, metrics, roles, secret, alerts, log, alerts, recorder, config,
                clock);
    }

    private static List<String> allChecks() {
        List<String> all = new ArrayList<>(STREAM_CHECKS);
        all.addAll(List.of("AwaitingFirstEvents", "EventsExpiringUnread", "StreamNotRead", "ThrottledReads",
                "RetentionLowered", "EncryptionChanged", "ShardMetricsDisabled"));
        all.addAll(ACCESS_CHECKS);
        return all;
    }

    private static Finding finding(HealthReport report, String stream, String check) {
        return report.findings().get(stream).stream().filter(f -> f.check().equals(check)).findFirst().orElseThrow();
    }

    /** DescribeStreamSummary over statuses held in memory; a stream in {@code failing} cannot be described. */
    private static final class Streams implements StreamStatusReader {
        final Map<String, StreamStatus> statuses = new HashMap<>();
        final List<String> failing = new ArrayList<>();

        void put(String name, String status, String mode) {
            statuses.put(name, new StreamStatus(name, "arn:aws:kinesis:us-east-1:123456789012:stream/" + name,
                    StreamLifecycle.valueOf(status), StreamMode.valueOf(mode), 1, 24, Set.of(), "",
                    END.minus(Duration.ofDays(1))));
        }

        @Override
        public Optional<StreamStatus> status(String streamName) {
            if (failing.contains(streamName)) {
                throw new IllegalStateException("ThrottlingException");
            }
            return Optional.ofNullable(statuses.get(streamName));
        }
    }

    /**
     * GetMetricData over series held by stream, consumer and CloudWatch metric name, never by position in the
     * request; a series nobody put has no datapoints, as CloudWatch answers for a quiet metric.
     */
    private static final class Metrics implements MetricsReader {
        final Map<String, Map<Instant, Double>> series = new HashMap<>();
        final List<String> asked = new ArrayList<>();
        final List<Instant> window = new ArrayList<>();
        boolean fail;

        void put(String stream, String consumer, String metricName, Map<Instant, Double> points) {
            series.put(stream + "/" + consumer + "/" + metricName, points);
        }

        @Override
        public Map<MetricQuery, MetricSeries> read(List<MetricQuery> queries, Instant start, Instant end) {
            window.addAll(List.of(start, end));
            if (fail) {
                throw new IllegalStateException("ThrottlingException");
            }
            Map<MetricQuery, MetricSeries> answer = new LinkedHashMap<>();
            for (MetricQuery query : queries) {
                asked.add((query.consumerName() + " " + query.metric().metricName()).strip());
                answer.put(query, MetricSeries.of(series.getOrDefault(query.streamName() + "/" + query.consumerName()
                        + "/" + query.metric().metricName(), Map.of())));
            }
            return answer;
        }
    }

    /** The integration's role as IAM shows it. */
    private static final class Roles implements RoleInspector {
        String role = TRUST;
        String policy = WRITE;
        boolean fail;

        @Override
        public Optional<RoleView> inspect(String roleName) {
            if (fail) {
                throw new IllegalStateException("AccessDenied");
            }
            assertEquals(ROLE, roleName);
            return Optional.ofNullable(role).map(trust -> new RoleView(trust, List.of(POLICY_ARN), List.of()));
        }

        @Override
        public Optional<String> policyDocument(String policyArn) {
            assertEquals(POLICY_ARN, policyArn);
            return Optional.ofNullable(policy);
        }
    }

    /** The external ID's secret, read only: the checker never writes it. */
    private static final class ExternalIdSecret implements SecretGateway {
        boolean scheduled;
        int reads;

        @Override
        public Optional<Version> read(String arn, String stage) {
            assertEquals(SECRET_ARN, arn);
            reads++;
            if (scheduled) {
                throw new ScheduledForDeletionException(null);
            }
            return stage.equals(CURRENT) ? Optional.of(new Version("v1", ID, END.minus(Duration.ofDays(30))))
                    : Optional.empty();
        }

        @Override
        public Optional<SecretGateway.Secret> describe(String nameOrArn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String create(String name, String versionId, ExternalId value, String description,
                             Map<String, String> tags) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void restore(String arn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void tag(String arn, Map<String, String> tags) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> policy(String arn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void putPolicy(String arn, String policy) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void put(String arn, String versionId, ExternalId value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void makeCurrent(String arn, String versionId, String currentVersionId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String arn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deleteNow(String arn) {
            throw new UnsupportedOperationException();
        }
    }

    /** Alert states written conditionally, as DynamoDB's condition expressions do, and the topic. */
    private static final class Alerts implements AlertStore, AlertPublisher {
        final Map<String, AlertState> states = new HashMap<>();
        final List<AlertMessage> published = new ArrayList<>();
        final List<RuntimeException> failures = new ArrayList<>();
        boolean refuseReplace;
        boolean restoreFails;
        int publishFailures;

        @Override
        public Map<String, AlertState> load(Collection<String> keys) {
            Map<String, AlertState> loaded = new HashMap<>(states);
            loaded.keySet().retainAll(keys);
            return loaded;
        }

        @Override
        public boolean replace(AlertState previous, AlertState next) {
            if (refuseReplace || states.get(next.key()) != previous) {
                return false;
            }
            states.put(next.key(), next);
            return true;
        }

        @Override
        public void restore(AlertState claimed, AlertState previous) {
            if (restoreFails) {
                throw new IllegalStateException("ConditionalCheckFailed");
            }
            if (states.get(claimed.key()) == claimed) {
                if (previous == null) {
                    states.remove(claimed.key());
                } else {
                    states.put(claimed.key(), previous);
                }
            }
        }

        @Override
        public void publish(AlertMessage message) {
            if (publishFailures > 0) {
                publishFailures--;
                RuntimeException failure = new IllegalStateException("SNS is unavailable");
                failures.add(failure);
                throw failure;
            }
            published.add(message);
        }
    }
}
