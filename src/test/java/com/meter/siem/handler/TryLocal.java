package com.meter.siem.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.meter.siem.aws.AwsClients;
import com.meter.siem.health.HealthConfig;
import com.meter.siem.testing.AlertChannel;
import com.meter.siem.testing.DiscardedFindings;
import com.meter.siem.testing.Events;
import com.meter.siem.testing.HealthEnvironment;
import com.meter.siem.testing.MotoServer;
import com.meter.siem.testing.ResponseUrlServer;
import com.meter.siem.testing.ScheduledEvents;
import com.meter.siem.testing.TestContext;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The local try-out: the product's two real handlers against moto on this machine, no AWS account.
 * It provisions the integration, prints the three values for the Meter dashboard, runs a health check
 * (which tells that the fresh stream waits for Meter's first events), writes a few records the way Meter
 * does, by assuming the role with the external ID, checks again (connected), and tears everything down.
 */
public final class TryLocal {
    private static final String STACK_ID =
            "arn:aws:cloudformation:us-east-1:123456789012:stack/meter-siem-integration/5b4d7e40-c8a1-11ef-9f1a-0a1b2c3d4e5f";
    private final PrintStream out;
    private final Clock clock;
    private final Instant started;

    /** Prints to OUT, each step with the seconds since STARTED by CLOCK. */
    TryLocal(PrintStream out, Clock clock, Instant started) {
        this.out = out;
        this.clock = clock;
        this.started = started;
    }

    /** Started by scripts/try-local, which passes the time it started in the property try-local.started. */
    public static void main(String[] args) {
        Clock clock = Clock.systemUTC();
        TryLocal tryLocal = new TryLocal(System.out, clock,
                Instant.ofEpochMilli(Long.getLong("try-local.started", clock.millis())));
        tryLocal.progress("Starting moto, the local stand-in for AWS");
        // moto stands in for AWS: it cannot read CBOR, and any credentials do.
        System.setProperty("aws.cborEnabled", "false");
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        System.setProperty("aws.endpointUrl", MotoServer.endpoint().toString());
        tryLocal.run();
    }

    void run() {
        AwsClients aws = AwsClients.fromEnvironment();
        step("1/5 Provisioning the integration (the custom resource's Create, as CloudFormation sends it)");
        JsonNode created = invoke("create.json", Map.of());
        JsonNode data = created.get("Data");
        String externalId = aws.secretsManager().getSecretValue(r -> r.secretId(data.get("ExternalIdSecretArn")
                .asText())).secretString();
        out.printf("   %s%n%n   The three values for the Meter dashboard:%n", created.get("Status").asText());
        out.printf("   AWS Kinesis ARN: %s%n", data.get("StreamArn").asText());
        out.printf("   Role ARN:        %s%n", data.get("RoleArn").asText());
        out.printf("   External ID:     %s%n", externalId);
        out.printf("   (in AWS: aws secretsmanager get-secret-value --secret-id %s --query SecretString --output text)%n",
                data.get("ExternalIdSecretArn").asText());

        AlertChannel alerts = new AlertChannel(aws);
        HealthCheckHandler checker = new HealthCheckHandler(HealthCheckHandler.wire(
                healthConfig(data, alerts), new DiscardedFindings(), Clock.systemUTC()));
        step("2/5 Health check on the fresh stream");
        check(checker, alerts);

        step("3/5 Writing records as Meter does: assume the role with the external ID, then PutRecords");
        Credentials meter = StsClient.builder().region(aws.region()).httpClient(UrlConnectionHttpClient.create())
                .build().assumeRole(r -> r.roleArn(data.get("RoleArn").asText()).externalId(externalId)
                        .roleSessionName("meter-data-export")).credentials();
        KinesisClient asMeter = KinesisClient.builder().region(aws.region()).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        meter.accessKeyId(), meter.secretAccessKey(), meter.sessionToken()))).build();
        List<PutRecordsRequestEntry> records = java.util.stream.IntStream.range(0, 5)
                .mapToObj(i -> PutRecordsRequestEntry.builder().partitionKey("device-" + i)
                        .data(SdkBytes.fromUtf8String("{\"event\":\"login\",\"device\":" + i + "}")).build()).toList();
        int failed = asMeter.putRecords(r -> r.streamName(data.get("StreamName").asText()).records(records))
                .failedRecordCount();
        out.printf("   put %d records, %d failed%n", records.size(), failed);
        // Kinesis publishes IncomingRecords and IncomingBytes itself; moto does not, so do it for it.
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(3));
        aws.cloudWatch().putMetricData(r -> r.namespace("AWS/Kinesis").metricData(
                datum("IncomingRecords", records.size(), minute, data), datum("IncomingBytes", 5 * 30, minute, data)));
        out.println("   (moto does not publish Kinesis metrics: this try-out puts the IncomingRecords and IncomingBytes"
                + " datapoints that Kinesis would)");

        step("4/5 Health check again");
        check(checker, alerts);

        step("5/5 Tearing down (the custom resource's Delete, with RetainStreamOnDelete=false)");
        JsonNode deleted = invoke("delete.json", Map.of("RetainStreamOnDelete", "false"));
        out.printf("   %s; streams left: %s, roles left under /meter-siem/: %d%n", deleted.get("Status").asText(),
                aws.kinesis().listStreams().streamNames(),
                aws.iam().listRoles(r -> r.pathPrefix("/meter-siem/")).roles().size());
        out.println();
        progress("Done");
    }

    private JsonNode invoke(String eventFile, Map<String, String> properties) {
        try (ResponseUrlServer responses = new ResponseUrlServer()) {
            Events event = Events.load(eventFile).withResponseUrl(responses.url());
            properties.forEach(event::withProperty);
            // Deployed with RetainStreamOnDelete=false, so that the try-out leaves nothing behind.
            event.sendTo(new IntegrationResourceHandler(new ProvisionerEnvironment(STACK_ID,
                            ResponseUrls.forRegion("us-east-1", responses.endpoint()), false, false,
                            Events.DEPLOYMENT)),
                    TestContext.withRemainingTime(Duration.ofMinutes(15)));
            return responses.awaitResponseJson(Duration.ofSeconds(30));
        }
    }

    private void check(HealthCheckHandler checker, AlertChannel alerts) {
        Map<String, Object> summary = checker.handleRequest(ScheduledEvents.load(),
                TestContext.withRemainingTime(Duration.ofSeconds(60)));
        out.printf("   failing checks: %s, unknown: %s%n", summary.get("failing"), summary.get("unknown"));
        for (JsonNode alert : alerts.received()) {
            out.println("   alert on the topic: " + alert.get("Subject").asText());
        }
    }

    private static HealthConfig healthConfig(JsonNode data, AlertChannel alerts) {
        Map<String, String> env = HealthEnvironment.defaults();
        env.put("MONITORED_STREAMS", data.get("StreamName").asText());
        env.put("INTEGRATION_ROLE_NAME", data.get("RoleName").asText());
        env.put("INTEGRATION_POLICY_ARN", data.get("PolicyArn").asText());
        env.put("EXTERNAL_ID_SECRET_ARN", data.get("ExternalIdSecretArn").asText());
        env.put("ALERT_TOPIC_ARN", alerts.topicArn());
        env.put("ALERT_STATE_TABLE", AlertChannel.TABLE);
        return HealthConfig.fromEnvironment(env);
    }

    private static MetricDatum datum(String metric, double value, Instant at, JsonNode data) {
        return MetricDatum.builder().metricName(metric).value(value).timestamp(at)
                .dimensions(d -> d.name("StreamName").value(data.get("StreamName").asText())).build();
    }

    private void step(String title) {
        out.println();
        progress(title);
    }

    /** TITLE after the seconds since the start, as scripts/try-local prints its own steps. */
    void progress(String title) {
        Duration elapsed = Duration.between(started, clock.instant());
        out.printf("[%3d.%d s] %s%n", elapsed.toSeconds(), elapsed.toMillisPart() / 100, title);
    }

}
