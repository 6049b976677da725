package com.meter.siem.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.meter.siem.aws.AwsClients;
import com.meter.siem.aws.CloudWatchMetrics;
import com.meter.siem.aws.DynamoDbAlertStore;
import com.meter.siem.aws.DynamoDbFirstRecords;
import com.meter.siem.aws.IamRolesAndPolicies;
import com.meter.siem.aws.KinesisStreams;
import com.meter.siem.aws.SecretsManagerSecrets;
import com.meter.siem.aws.SnsAlertPublisher;
import com.meter.siem.integration.ExternalIdRotation;
import com.meter.siem.integration.Placement;
import com.meter.siem.provisioning.IntegrationProperties;
import com.meter.siem.provisioning.IntegrationProvisioner;
import com.meter.siem.provisioning.Ownership;
import com.meter.siem.provisioning.PreviousProperties;
import com.meter.siem.provisioning.Progress;
import com.meter.siem.testing.AlertChannel;
import com.meter.siem.testing.DiscardedFindings;
import com.meter.siem.testing.Events;
import com.meter.siem.testing.MutableClock;
import com.meter.siem.testing.SdkCalls;
import com.meter.siem.testing.Secrets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The health checker wired to moto as the function wires it to AWS, with a clock the test moves, an
 * SQS queue subscribed to the alert topic to read what on-call would receive, and a count of the API
 * calls each run makes.
 */
final class HealthHarness {
    static final String STREAM = "meter-siem-events";
    static final String TABLE = AlertChannel.TABLE;
    private static final ObjectMapper JSON = new ObjectMapper();

    final AwsClients clients = AwsClients.fromEnvironment();
    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MINUTES));
    final SdkCalls calls = new SdkCalls();
    final CloudWatchClient cloudWatch = CloudWatchClient.builder().region(clients.region())
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(c -> c.addExecutionInterceptor(calls)).build();
    final AlertChannel alerts = new AlertChannel(clients);
    final String topicArn = alerts.topicArn();
    MetricsReader metrics = new CloudWatchMetrics(cloudWatch);
    ConsumerLister consumers = new KinesisStreams(clients.kinesis());

    HealthConfig config(List<String> streams, boolean chat) {
        return config(streams, chat, new ExternalIdRotationSettings(ExternalIdRotation.FINISHED, Duration.ofDays(7)));
    }

    HealthConfig config(List<String> streams, boolean chat, ExternalIdRotationSettings rotation) {
        return new HealthConfig(streams, "MeterSIEMIntegrationRole",
                "arn:aws:iam::123456789012:policy/meter-siem/MeterSIEMKinesisWritePolicy",
                secretArn(), "arn:aws:iam::458553032353:role/Meter-data-export",
                new ExpectedStream(24, "alias/aws/kinesis",
                        Set.of("IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords")),
                "", "aws", "123456789012", "us-east-1", topicArn, TABLE, chat,
                "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/x",
                HealthSettings.defaults(), rotation);
    }

    HealthChecker checker() {
        return checker(List.of(STREAM), false);
    }

    HealthChecker checker(List<String> streams, boolean chat) {
        return checker(config(streams, chat));
    }

    HealthChecker checker(HealthConfig config) {
        return checker(config, new DynamoDbAlertStore(clients.dynamoDb(), TABLE));
    }

    /** A checker whose alert state goes through STORE (the table's, decorated by the test). */
    HealthChecker checker(HealthConfig config, AlertStore store) {
        return new HealthChecker(new KinesisStreams(clients.kinesis()), consumers, metrics, new IamRolesAndPolicies(clients.iam()),
                new SecretsManagerSecrets(clients.secretsManager()), store, new DynamoDbFirstRecords(clients.dynamoDb(), TABLE),
                new SnsAlertPublisher(clients.sns(), topicArn, config.chatNotifications()), new DiscardedFindings(), config,
                clock);
    }

    /** Creates the integration of events/create.json, as the custom resource would. */
    void provisionIntegration() {
        Events event = Events.load("create.json");
        Placement placement = Placement.fromStackId(event.field("StackId"));
        provisioner(placement).create(IntegrationProperties.parse(event.properties(), placement),
                new Ownership(event.field("StackId"), event.field("LogicalResourceId")), new Progress());
        rememberSecrets();
    }

    /** Updates that integration as the custom resource would: create.json's properties with OLD and NEW changes. */
    void updateIntegration(Map<String, String> oldChanges, Map<String, String> newChanges) {
        Events event = Events.load("create.json");
        Placement placement = Placement.fromStackId(event.field("StackId"));
        Map<String, Object> old = new HashMap<>(event.properties());
        old.putAll(oldChanges);
        Map<String, Object> properties = new HashMap<>(event.properties());
        properties.putAll(newChanges);
        provisioner(placement).update(IntegrationProperties.parse(properties, placement), PreviousProperties.from(old),
                placement.streamArn(STREAM), new Ownership(event.field("StackId"), event.field("LogicalResourceId")),
                new Progress());
        rememberSecrets();
    }

    private IntegrationProvisioner provisioner(Placement placement) {
        return new IntegrationProvisioner(
                new KinesisStreams(clients.kinesis(), Duration.ofSeconds(10), Duration.ofMillis(50)),
                new IamRolesAndPolicies(clients.iam()), new SecretsManagerSecrets(clients.secretsManager()), placement,
                Events.DEPLOYMENT);
    }

    private void rememberSecrets() {
        for (String stage : List.of("AWSCURRENT", "AWSPREVIOUS")) {
            try {
                Secrets.remember(clients.secretsManager().getSecretValue(r -> r.secretId(secretArn())
                        .versionStage(stage)).secretString());
            } catch (ResourceNotFoundException noSuchVersion) {
                // no previous ID before the first rotation
            }
        }
    }

    /** Registers an enhanced fan-out consumer with the stream, as a SIEM that reads with SubscribeToShard does. */
    void registerConsumer(String stream, String consumer) {
        String arn = clients.kinesis().describeStreamSummary(r -> r.streamName(stream)).streamDescriptionSummary()
                .streamARN();
        clients.kinesis().registerStreamConsumer(r -> r.streamARN(arn).consumerName(consumer));
    }

    String secretArn() {
        return clients.secretsManager().describeSecret(r -> r.secretId("meter-siem-integration/meter-siem/external-id"))
                .arn();
    }

    /** Puts one per-minute datapoint of an AWS/Kinesis metric, {@code minutesAgo} before the clock. */
    void put(String stream, String metric, int minutesAgo, double value) {
        Instant at = clock.instant().minus(Duration.ofMinutes(minutesAgo));
        cloudWatch.putMetricData(r -> r.namespace("AWS/Kinesis").metricData(MetricDatum.builder()
                .metricName(metric).value(value).timestamp(at)
                .dimensions(d -> d.name("StreamName").value(stream)).build()));
    }

    /** Puts one per-minute datapoint of an enhanced fan-out consumer's metric, {@code minutesAgo} before the clock. */
    void putConsumer(String stream, String consumer, String metric, int minutesAgo, double value) {
        Instant at = clock.instant().minus(Duration.ofMinutes(minutesAgo));
        cloudWatch.putMetricData(r -> r.namespace("AWS/Kinesis").metricData(MetricDatum.builder()
                .metricName(metric).value(value).timestamp(at)
                .dimensions(d -> d.name("StreamName").value(stream), d -> d.name("ConsumerName").value(consumer))
                .build()));
    }

    /**
     * Steady traffic over the last {@code minutes} minutes, read as it arrives by a classic reader, so no
     * check but the ones under test fires.
     */
    void traffic(String stream, int minutes, double recordsPerMinute, double bytesPerMinute) {
        unreadTraffic(stream, minutes, recordsPerMinute, bytesPerMinute);
        for (int ago = 3; ago < 3 + minutes; ago++) {
            put(stream, "GetRecords.Records", ago, recordsPerMinute);
            put(stream, "GetRecords.IteratorAgeMilliseconds", ago, 1_000);
        }
    }

    /**
     * A stream Meter has written to before, read as it arrived, {@code hoursAgo}: traffic in the metric
     * history, which tells the checker that the stream is connected.
     */
    void connected(String stream, int hoursAgo) {
        put(stream, "IncomingRecords", hoursAgo * 60, 10);
        put(stream, "GetRecords.Records", hoursAgo * 60, 10);
    }

    /** Records arriving over the last {@code minutes} minutes that nobody reads. */
    void unreadTraffic(String stream, int minutes, double recordsPerMinute, double bytesPerMinute) {
        for (int ago = 3; ago < 3 + minutes; ago++) {
            put(stream, "IncomingRecords", ago, recordsPerMinute);
            put(stream, "IncomingBytes", ago, bytesPerMinute);
        }
    }

    /** The SNS envelopes that reached the on-call queue since the last call. */
    List<JsonNode> received() {
        return alerts.received();
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
