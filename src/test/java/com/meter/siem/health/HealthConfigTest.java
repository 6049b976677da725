package com.meter.siem.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.meter.siem.integration.ExternalIdRotation;
import com.meter.siem.testing.HealthEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HealthConfigTest {
    static Map<String, String> environment() {
        Map<String, String> env = HealthEnvironment.defaults();
        env.put("MONITORED_STREAMS", "meter-siem-events, other-stream,,");
        env.put("INTEGRATION_ROLE_NAME", "MeterSIEMIntegrationRole");
        env.put("INTEGRATION_POLICY_ARN", "arn:aws:iam::123456789012:policy/meter-siem/MeterSIEMKinesisWritePolicy");
        env.put("EXTERNAL_ID_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:s-AbCdEf");
        env.put("STREAM_ENCRYPTION", "CUSTOMER_MANAGED_KEY");
        env.put("KMS_KEY_ARN", "arn:aws:kms:us-east-1:123456789012:key/k");
        env.put("EXPECTED_SHARD_LEVEL_METRICS", "IncomingBytes,IncomingRecords");
        env.put("ALERT_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:alerts");
        env.put("ALERT_STATE_TABLE", "table");
        env.put("CHATBOT_NOTIFICATIONS", "true");
        env.put("DASHBOARD_NAME", "meter-siem-integration-meter-siem");
        return env;
    }

    @Test
    void fromEnvironment_whenComplete_readsEverySetting() {
        HealthConfig config = HealthConfig.fromEnvironment(environment());

        assertEquals(List.of("meter-siem-events", "other-stream"), config.streams());
        assertEquals("123456789012", config.accountId());
        assertEquals("arn:aws:kinesis:us-east-1:123456789012:stream/meter-siem-events", config.integrationStreamArn());
        assertEquals(new ExpectedStream(24, "arn:aws:kms:us-east-1:123456789012:key/k",
                Set.of("IncomingBytes", "IncomingRecords")), config.expectedStream());
        assertEquals("arn:aws:kms:us-east-1:123456789012:key/k", config.customerKeyArn());
        assertEquals(HealthSettings.defaults(), config.settings());
        assertEquals(new ExternalIdRotationSettings(ExternalIdRotation.FINISHED, Duration.ofDays(7)), config.externalIdRotation());
        assertEquals(true, config.chatNotifications());
        assertEquals(Duration.ofHours(24), config.settings().lookback());
        assertEquals("https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/"
                + "meter-siem-integration-meter-siem", config.dashboardUrl(), "as the stack output HealthDashboardUrl");
        assertEquals("arn:aws:iam::123456789012:role/meter-siem/MeterSIEMIntegrationRole", config.integrationRoleArn());
        assertEquals("aws secretsmanager get-secret-value --secret-id"
                + " arn:aws:secretsmanager:us-east-1:123456789012:secret:s-AbCdEf --region us-east-1 --query"
                + " SecretString --output text", config.externalIdCommand());
    }

    @Test
    void fromEnvironment_whenDataPathSettingsOutOfRange_namesEachWithItsRange() {
        Map<String, String> env = environment();
        env.put("FIRST_EVENTS_WARNING_DAYS", "0");
        env.put("NOT_READ_WINDOW_MINUTES", "1441");
        env.put("ITERATOR_AGE_WARNING_PERCENT", "75");
        env.put("ITERATOR_AGE_CRITICAL_PERCENT", "74");

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> HealthConfig.fromEnvironment(env));

        assertEquals("Invalid health checker configuration: FIRST_EVENTS_WARNING_DAYS: must be a whole number from 1"
                + " to 30; got '0'; NOT_READ_WINDOW_MINUTES: must be a whole number from 5 to 1440; got '1441';"
                + " ITERATOR_AGE_WARNING_PERCENT: must be a whole number from 1 to 74; got '75';"
                + " ITERATOR_AGE_CRITICAL_PERCENT: must be a whole number from 75 to 100; got '74'",
                failure.getMessage());
    }

    @Test
    void settings_whenTheWarningIsNotBelowTheCriticalShare_areRefused() {
        HealthSettings d = HealthSettings.defaults();

        assertThrows(IllegalArgumentException.class, () -> new HealthSettings(d.noRecordsWindow(), d.throttleWindow(),
                d.headroomPercent(), d.overProvisionedPercent(), d.overProvisionedWindow(), d.reminderInterval(),
                d.metricsDelay(), d.firstEventsWarning(), 80, 80, d.notReadWindow()));
    }

    @Test
    void fromEnvironment_whenShardLevelMetricsAll_expectsEachMetricByTheNameKinesisReports() {
        Map<String, String> env = environment();
        env.put("EXPECTED_SHARD_LEVEL_METRICS", "ALL");

        assertEquals(Set.of("IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords",
                "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded", "IteratorAgeMilliseconds"),
                HealthConfig.fromEnvironment(env).expectedStream().shardLevelMetrics());
    }

    @Test
    void fromEnvironment_whenShardLevelMetricUnknown_namesTheVariableAndTheAllowedNames() {
        Map<String, String> env = environment();
        env.put("EXPECTED_SHARD_LEVEL_METRICS", "IncomingBytes,Everything");

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> HealthConfig.fromEnvironment(env));

        assertEquals("Invalid health checker configuration: EXPECTED_SHARD_LEVEL_METRICS: 'Everything' is not a"
                + " shard-level metric; allowed: IncomingBytes, IncomingRecords, IteratorAgeMilliseconds,"
                + " OutgoingBytes, OutgoingRecords, ReadProvisionedThroughputExceeded,"
                + " WriteProvisionedThroughputExceeded, or ALL", failure.getMessage());
    }

    @Test
    void fromEnvironment_whenMoreStreamsThanOneMetricsRequestTakes_namesTheVariableAndTheLimit() {
        Map<String, String> env = environment();
        env.put("MONITORED_STREAMS", String.join(",", IntStream.rangeClosed(0, MetricPlan.MAX_STREAMS)
                .mapToObj(i -> "s" + i).toList()));

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> HealthConfig.fromEnvironment(env));

        assertEquals("Invalid health checker configuration: MONITORED_STREAMS: at most 132 streams (one"
                + " GetMetricData request); got 133", failure.getMessage());
    }

    @Test
    void fromEnvironment_whenVariablesMissingOrBad_namesEachOne() {
        Map<String, String> env = environment();
        env.remove("ALERT_TOPIC_ARN");
        env.put("HEADROOM_PERCENT", "eighty");
        env.put("STREAM_ENCRYPTION", "SOME");

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> HealthConfig.fromEnvironment(env));

        assertEquals("Invalid health checker configuration: STREAM_ENCRYPTION: must be one of NONE, AWS_MANAGED_KEY,"
                + " CUSTOMER_MANAGED_KEY; got 'SOME'; HEADROOM_PERCENT: must be a whole number from 1 to 100; got"
                + " 'eighty'; ALERT_TOPIC_ARN: is not set", failure.getMessage());
    }

    @Test
    void fromEnvironment_whenARotationIsStarted_readsItAndItsGracePeriodAndNamesABadValue() {
        Map<String, String> env = environment();
        env.put("EXTERNAL_ID_ROTATION", "STARTED");
        env.put("ROTATION_GRACE_DAYS", "14");

        assertEquals(new ExternalIdRotationSettings(ExternalIdRotation.STARTED, Duration.ofDays(14)),
                HealthConfig.fromEnvironment(env).externalIdRotation());

        env.put("EXTERNAL_ID_ROTATION", "DONE");
        env.put("ROTATION_GRACE_DAYS", "0");
        IllegalStateException bad = assertThrows(IllegalStateException.class, () -> HealthConfig.fromEnvironment(env));
        assertEquals("Invalid health checker configuration: EXTERNAL_ID_ROTATION: must be STARTED or FINISHED; got"
                + " 'DONE'; ROTATION_GRACE_DAYS: must be a whole number from 1 to 90; got '0'", bad.getMessage());
    }
}
