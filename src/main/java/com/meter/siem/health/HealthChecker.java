package com.meter.siem.health;

import com.meter.siem.integration.AcceptedExternalIds;
import com.meter.siem.integration.ExternalIdSecrets;
import com.meter.siem.integration.PolicyDocuments;
import com.meter.siem.integration.StreamLifecycle;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the health checks: observe every monitored stream (one DescribeStreamSummary each, one
 * GetMetricData for all), the consumers of the integration's stream, the integration's role and policies,
 * evaluate the checks, and tell on-call about what changed, once, however many runs overlap.
 */
public final class HealthChecker {
    private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);

    /** The key under which the first record of a stream is remembered, beside its alert states. */
    private static final String FIRST_RECORD = "FirstRecord";

    private final StreamStatusReader streams;
    private final ConsumerLister consumers;
    private final MetricsReader metrics;
    private final FirstRecordLog firstRecords;
    private final RoleInspector roles;
    private final ExternalIdSecrets secrets;
    private final AlertStore store;
    private final AlertPublisher publisher;
    private final FindingRecorder recorder;
    private final HealthConfig config;
    private final Clock clock;
    private final AlertComposer composer;
    private final List<StreamCheck> streamChecks;
    private final List<StreamCheck> integrationChecks;
    private final List<AccessCheck> accessChecks;

    public HealthChecker(StreamStatusReader streams, ConsumerLister consumers, MetricsReader metrics,
                         RoleInspector roles, ExternalIdSecrets secrets, AlertStore store, FirstRecordLog firstRecords,
                         AlertPublisher publisher, FindingRecorder recorder, HealthConfig config, Clock clock) {
        this.streams = streams;
        this.consumers = consumers;
        this.metrics = metrics;
        this.firstRecords = firstRecords;
        this.roles = roles;
        this.secrets = secrets;
        this.store = store;
        this.publisher = publisher;
        this.recorder = recorder;
        this.config = config;
        this.clock = clock;
        this.composer = new AlertComposer(config.accountId(), config.region(), config.dashboardUrl());
        HealthSettings s = config.settings();
        this.streamChecks = List.of(new StreamUnavailableCheck(), new MetricsUnavailableCheck(),
                new NoIncomingRecordsCheck(s.noRecordsWindow()),
                new ThrottledWritesCheck(s.throttleWindow(), s.headroomPercent()),
                new CapacityHeadroomCheck(s.throttleWindow(), s.headroomPercent()),
                new OverProvisionedCheck(s.overProvisionedWindow(), s.overProvisionedPercent(), s.headroomPercent()));
        // The stream Meter writes to and the SIEM reads: its connection, readers and settings.
        this.integrationChecks = List.of(
                new AwaitingFirstEventsCheck(s.firstEventsWarning(), config.integrationRoleArn(),
                        config.externalIdCommand()),
                new EventsExpiringUnreadCheck(s.notReadWindow(), s.iteratorAgeWarningPercent(),
                        s.iteratorAgeCriticalPercent()),
                new StreamNotReadCheck(s.notReadWindow()), new ThrottledReadsCheck(s.throttleWindow()),
                new RetentionLoweredCheck(config.expectedStream()), new EncryptionChangedCheck(config.expectedStream()),
                new ShardMetricsDisabledCheck(config.expectedStream()));
        this.accessChecks = List.of(new RoleMissingCheck(), new TrustPolicyChangedCheck(config.externalIdRotation()),
                new WritePolicyChangedCheck(), new ExternalIdRotationPendingCheck(config.externalIdRotation(), clock));
    }

    public HealthReport run() {
        Instant now = clock.instant();
        Instant windowEnd = now.truncatedTo(ChronoUnit.MINUTES).minus(config.settings().metricsDelay());
        Map<String, StreamObservation> observations = observe(windowEnd);
        Map<String, List<Finding>> findings = new LinkedHashMap<>();
        for (StreamObservation observation : observations.values()) {
            findings.put(observation.streamName(), evaluate(observation));
        }
        List<AlertMessage> sent = alert(observations, findings, now);
        return new HealthReport(findings, sent);
    }

    private Map<String, StreamObservation> observe(Instant windowEnd) {
        Map<String, StreamStatus> statuses = new LinkedHashMap<>();
        Map<String, String> unreadable = new HashMap<>();
        for (String name : config.streams()) {
            try {
                streams.status(name).ifPresent(status -> statuses.put(name, status));
            } catch (RuntimeException e) {
                LOG.warn("could not describe stream {}: {}", name, e.toString());
                unreadable.put(name, e.getClass().getSimpleName());
            }
        }
        List<String> active = statuses.values().stream().filter(s -> s.status() == StreamLifecycle.ACTIVE)
                .map(StreamStatus::name).toList();
        String integration = config.integrationStream();
        boolean readSide = active.contains(integration);
        Consumers readers = readSide ? consumersOf(statuses.get(integration)) : new Consumers(List.of(), true);
        Map<MetricQuery, MetricSeries> answer = readMetrics(MetricPlan.queries(active, readSide ? integration : "",
                readers.names()), windowEnd);
        Map<String, StreamObservation> observations = new LinkedHashMap<>();
        for (String name : config.streams()) {
            StreamStatus status = statuses.get(name);
            StreamMetrics streamMetrics = active.contains(name) ? MetricPlan.metrics(name, answer,
                    name.equals(integration), readers.names(), readers.listed()) : null;
            observations.put(name, new StreamObservation(name, status, unreadable.get(name), streamMetrics, windowEnd,
                    name.equals(integration) && awaitingFirstRecord(name, streamMetrics)));
        }
        return observations;
    }

    /** @param listed false when the consumers could not be listed, so that one may be missing */
    private record Consumers(List<String> names, boolean listed) {
    }

    private Consumers consumersOf(StreamStatus stream) {
        try {
            return new Consumers(consumers.consumerNames(stream.arn()), true);
        } catch (RuntimeException e) {
            LOG.warn("could not list the consumers of stream {}: {}", stream.name(), e.toString());
            return new Consumers(List.of(), false);
        }
    }

    private Map<MetricQuery, MetricSeries> readMetrics(List<MetricQuery> queries, Instant windowEnd) {
        if (queries.isEmpty()) {
            return Map.of();
        }
        try {
            return metrics.read(queries, windowEnd.minus(config.settings().lookback()), windowEnd);
        } catch (RuntimeException e) {
            // Failed reads make every metric check UNKNOWN, never OK.
            LOG.warn("could not read metrics: {}", e.toString());
            return Map.of();
        }
    }

    /**
     * Whether the stream still waits for its first record. Traffic in the metric window counts, and is
     * remembered; without complete metrics the checks that ask are UNKNOWN anyway, so nothing is read.
     */
    private boolean awaitingFirstRecord(String stream, StreamMetrics streamMetrics) {
        if (streamMetrics == null || !streamMetrics.complete()) {
            return false;
        }
        String key = composer.dedupKey(stream, FIRST_RECORD);
        if (firstRecords.firstRecord(key).isPresent()) {
            return false;
        }
        Optional<Instant> first = streamMetrics.incomingRecords().firstPositiveAfter(Instant.MIN);
        first.ifPresent(at -> firstRecords.remember(key, at));
        return first.isEmpty();
    }

    private List<Finding> evaluate(StreamObservation observation) {
        List<Finding> findings = new ArrayList<>();
        for (StreamCheck check : streamChecks) {
            findings.add(check.evaluate(observation));
        }
        if (observation.streamName().equals(config.integrationStream())) {
            for (StreamCheck check : integrationChecks) {
                findings.add(check.evaluate(observation));
            }
            findings.addAll(inspectAccess());
        }
        StreamStatus status = observation.status();
        if (status != null && status.isProvisioned()) {
            recorder.capacity(status.name(), status.openShardCount() * HealthSettings.RECORDS_PER_SECOND_PER_SHARD * 60,
                    status.openShardCount() * HealthSettings.BYTES_PER_SECOND_PER_SHARD * 60);
        }
        findings.forEach(finding -> recorder.record(observation.streamName(), finding));
        return findings;
    }

    private List<Finding> inspectAccess() {
        AccessObservation observation;
        try {
            observation = observeAccess();
        } catch (RuntimeException e) {
            LOG.warn("could not inspect the integration role: {}", e.getClass().getSimpleName());
            return accessChecks.stream()
                    .map(check -> Finding.unknown(check.name(), check.severity(), "could not read the role"))
                    .toList();
        }
        return accessChecks.stream().map(check -> check.evaluate(observation)).toList();
    }

    private AccessObservation observeAccess() {
        Optional<RoleInspector.RoleView> role = roles.inspect(config.roleName());
        if (role.isEmpty()) {
            return new AccessObservation(config.roleName(), null, List.of(), List.of(), config.policyArn(), null,
                    null, null, null);
        }
        AcceptedExternalIds accepted = acceptedIds();
        return new AccessObservation(config.roleName(), role.get().trustPolicy(), role.get().attachedPolicyArns(),
                role.get().inlinePolicyNames(), config.policyArn(), roles.policyDocument(config.policyArn()).orElse(null),
                accepted == null ? null : PolicyDocuments.trustPolicy(config.meterServiceRoleArn(), accepted.ids()),
                PolicyDocuments.writePolicy(config.integrationStreamArn(), config.customerKeyArn()),
                accepted == null ? null : accepted.since());
    }

    /** Null when the external ID's secret is scheduled for deletion: the trust policy check says so. */
    private AcceptedExternalIds acceptedIds() {
        try {
            return AcceptedExternalIds.read(secrets, config.externalIdSecretArn(),
                    config.externalIdRotation().rotation());
        } catch (ExternalIdSecrets.ScheduledForDeletionException scheduled) {
            return null;
        }
    }

    private List<AlertMessage> alert(Map<String, StreamObservation> observations, Map<String, List<Finding>> findings,
                                     Instant now) {
        List<String> keys = new ArrayList<>();
        findings.forEach((stream, list) -> list.forEach(f -> keys.add(composer.dedupKey(stream, f.check()))));
        Map<String, AlertState> states = store.load(keys);
        List<AlertMessage> sent = new ArrayList<>();
        List<RuntimeException> unsent = new ArrayList<>();
        for (Map.Entry<String, List<Finding>> entry : findings.entrySet()) {
            String stream = entry.getKey();
            List<AlertDecision> news = new ArrayList<>();
            for (Finding finding : entry.getValue()) {
                String key = composer.dedupKey(stream, finding.check());
                AlertDecision decision = AlertDecision.decide(key, finding, states.get(key), now,
                        config.settings().reminderInterval());
                if (decision.kind() != AlertDecision.Kind.NONE && store.replace(decision.previous(), decision.next())) {
                    news.add(decision);
                }
            }
            if (!news.isEmpty()) {
                StreamStatus status = observations.get(stream).status();
                AlertMessage message = composer.compose(stream, status == null ? null : status.arn(), news);
                try {
                    publisher.publish(message);
                    sent.add(message);
                } catch (RuntimeException failure) {
                    unsent.add(failure);
                    news.forEach(this::restore);
                }
            }
        }
        if (!unsent.isEmpty()) {
            RuntimeException first = unsent.getFirst();
            unsent.subList(1, unsent.size()).forEach(first::addSuppressed);
            throw first;
        }
        return sent;
    }

    /** The alert was not sent: give its state back, so that the next run sends it rather than the reminder. */
    private void restore(AlertDecision decision) {
        try {
            store.restore(decision.next(), decision.previous());
        } catch (RuntimeException failure) {
            LOG.error("could not restore the state of unsent alert {}; it goes out with the next reminder: {}",
                    decision.next().key(), failure.toString());
        }
    }
}
