package com.meter.siem.health;

import com.meter.siem.integration.ExternalIdRotation;
import com.meter.siem.integration.Placement;
import com.meter.siem.integration.ShardLevelMetrics;
import com.meter.siem.integration.StreamEncryption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The checker's configuration, read once from the function's environment and validated there: a
 * missing or bad variable stops the function at start with a message naming it.
 *
 * @param streams the monitored streams; the first is the integration's, the only one checked for drift
 * @param customerKeyArn the customer managed key Meter's role may use, or empty
 */
public record HealthConfig(
        List<String> streams,
        String roleName,
        String policyArn,
        String externalIdSecretArn,
        String meterServiceRoleArn,
        ExpectedStream expectedStream,
        String customerKeyArn,
        String partition,
        String accountId,
        String region,
        String alertTopicArn,
        String alertStateTable,
        boolean chatNotifications,
        String dashboardUrl,
        HealthSettings settings,
        ExternalIdRotationSettings externalIdRotation) {

    private static final Pattern POLICY_ARN = Pattern.compile("arn:([a-z-]+):iam::(\\d{12}):policy/.+");

    public HealthConfig {
        streams = List.copyOf(streams);
    }

    public String integrationStream() {
        return streams.get(0);
    }

    private Placement placement() {
        return new Placement(partition, region, accountId);
    }

    /** Known even when the stream is gone, so the write policy can still be checked against it. */
    public String integrationStreamArn() {
        return placement().streamArn(integrationStream());
    }

    /** The Role ARN the Meter dashboard asks for: the stack output IamRoleArn. */
    public String integrationRoleArn() {
        return placement().roleArn(roleName);
    }

    /** The stack output ExternalIdCommand: it prints the external ID, which a message must never hold itself. */
    public String externalIdCommand() {
        return "aws secretsmanager get-secret-value --secret-id %s --region %s --query SecretString --output text"
                .formatted(externalIdSecretArn, region);
    }

    public static HealthConfig fromEnvironment(Map<String, String> env) {
        Reader read = new Reader(env);
        List<String> streams = read.list("MONITORED_STREAMS");
        if (streams.size() > MetricPlan.MAX_STREAMS) {
            read.problems.add("MONITORED_STREAMS: at most %d streams (one GetMetricData request); got %d"
                    .formatted(MetricPlan.MAX_STREAMS, streams.size()));
        }
        String policyArn = read.text("INTEGRATION_POLICY_ARN");
        var accountMatch = POLICY_ARN.matcher(policyArn == null ? "" : policyArn);
        if (policyArn != null && !accountMatch.matches()) {
            read.problems.add("INTEGRATION_POLICY_ARN: must be an IAM policy ARN");
        }
        StreamEncryption encryption = read.parse("STREAM_ENCRYPTION", StreamEncryption::valueOf,
                "one of NONE, AWS_MANAGED_KEY, CUSTOMER_MANAGED_KEY");
        String kmsKeyArn = env.getOrDefault("KMS_KEY_ARN", "");
        ExpectedStream expected = new ExpectedStream(
                read.number("EXPECTED_RETENTION_HOURS", 24, 8760),
                encryption == null ? "" : encryption.keyId(kmsKeyArn),
                read.shardLevelMetrics("EXPECTED_SHARD_LEVEL_METRICS"));
        Duration noRecordsWindow = Duration.ofMinutes(read.number("NO_RECORDS_WINDOW_MINUTES", 1, 1440));
        Duration throttleWindow = Duration.ofMinutes(read.number("THROTTLE_WINDOW_MINUTES", 1, 60));
        int headroom = read.number("HEADROOM_PERCENT", 1, 100);
        int overProvisioned = read.number("OVERPROVISIONED_PERCENT", 1, 100);
        Duration overProvisionedWindow = Duration.ofHours(read.number("OVERPROVISIONED_WINDOW_HOURS", 1, 336));
        Duration reminder = Duration.ofMinutes(read.number("REMINDER_INTERVAL_MINUTES", 1, 10080));
        Duration metricsDelay = Duration.ofMinutes(read.number("METRICS_DELAY_MINUTES", 0, 15));
        Duration firstEventsWarning = Duration.ofDays(read.number("FIRST_EVENTS_WARNING_DAYS", 1, 30));
        Duration notReadWindow = Duration.ofMinutes(read.number("NOT_READ_WINDOW_MINUTES", 5, 1440));
        // Disjoint ranges, as in the template, so that the warning always comes before the critical alert.
        int ageWarning = read.number("ITERATOR_AGE_WARNING_PERCENT", 1, 74);
        int ageCritical = read.number("ITERATOR_AGE_CRITICAL_PERCENT", 75, 100);
        String roleName = read.text("INTEGRATION_ROLE_NAME");
        String secretArn = read.text("EXTERNAL_ID_SECRET_ARN");
        String meterRoleArn = read.text("METER_SERVICE_ROLE_ARN");
        String region = read.text("AWS_REGION");
        String topicArn = read.text("ALERT_TOPIC_ARN");
        String table = read.text("ALERT_STATE_TABLE");
        ExternalIdRotationSettings rotation = new ExternalIdRotationSettings(
                read.parse("EXTERNAL_ID_ROTATION", ExternalIdRotation::valueOf, "STARTED or FINISHED"),
                Duration.ofDays(read.number("ROTATION_GRACE_DAYS", 1, 90)));
        if (!read.problems.isEmpty()) {
            throw new IllegalStateException("Invalid health checker configuration: " + String.join("; ", read.problems));
        }
        return new HealthConfig(streams, roleName, policyArn, secretArn, meterRoleArn, expected,
                encryption.grantedKey(kmsKeyArn), accountMatch.group(1), accountMatch.group(2), region, topicArn, table,
                "true".equalsIgnoreCase(env.getOrDefault("CHATBOT_NOTIFICATIONS", "false")),
                dashboardUrl(region, env.getOrDefault("DASHBOARD_NAME", "")),
                new HealthSettings(noRecordsWindow, throttleWindow, headroom, overProvisioned, overProvisionedWindow,
                        reminder, metricsDelay, firstEventsWarning, ageWarning, ageCritical, notReadWindow),
                rotation);
    }

    /** As the stack output HealthDashboardUrl; empty without a dashboard. */
    private static String dashboardUrl(String region, String dashboardName) {
        return dashboardName.isBlank() ? "" : "https://%s.console.aws.amazon.com/cloudwatch/home?region=%s#dashboards/dashboard/%s"
                .formatted(region, region, dashboardName.strip());
    }

    private static final class Reader {
        private final Map<String, String> env;
        private final List<String> problems = new ArrayList<>();

        Reader(Map<String, String> env) {
            this.env = env;
        }

        String text(String name) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                problems.add(name + ": is not set");
                return null;
            }
            return value.strip();
        }

        List<String> list(String name) {
            return list(name, false);
        }

        List<String> list(String name, boolean mayBeEmpty) {
            String value = mayBeEmpty ? env.getOrDefault(name, "") : text(name);
            if (value == null) {
                return List.of();
            }
            Set<String> items = new LinkedHashSet<>();
            Arrays.stream(value.split(",")).map(String::strip).filter(item -> !item.isEmpty()).forEach(items::add);
            if (items.isEmpty() && !mayBeEmpty) {
                problems.add(name + ": must list at least one name");
            }
            return List.copyOf(items);
        }

        /**
         * Kinesis reports the metrics that ALL enabled by their own names, never as ALL: compare against
         * those.
         */
        Set<String> shardLevelMetrics(String name) {
            return ShardLevelMetrics.enabledBy(list(name, true), unknown -> problems.add(
                    "%s: '%s' is not a shard-level metric; allowed: %s".formatted(name, unknown,
                            ShardLevelMetrics.ALLOWED)));
        }

        int number(String name, int min, int max) {
            String value = text(name);
            try {
                int number = Integer.parseInt(value == null ? "" : value);
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException notANumber) {
                // reported below
            }
            if (value != null) {
                problems.add("%s: must be a whole number from %d to %d; got '%s'".formatted(name, min, max, value));
            }
            return min;
        }

        <T> T parse(String name, Function<String, T> parser, String allowed) {
            String value = text(name);
            try {
                return value == null ? null : parser.apply(value);
            } catch (IllegalArgumentException e) {
                problems.add("%s: must be %s; got '%s'".formatted(name, allowed, value));
                return null;
            }
        }
    }
}
