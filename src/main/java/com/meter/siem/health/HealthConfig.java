package com.meter.siem.health;

import com.meter.siem.provisioning.ExternalIdRotation;
import com.meter.siem.provisioning.IntegrationProperties;
import com.meter.siem.provisioning.StreamEncryption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

    /** Known even when the stream is gone, so the write policy can still be checked against it. */
    public String integrationStreamArn() {
        return "arn:%s:kinesis:%s:%s:stream/%s".formatted(partition, region, accountId, integrationStream());
    }

    public static HealthConfig fromEnvironment(Map<String, String> env) {
        Reader read = new Reader(env);
        List<String> streams = read.list("MONITORED_STREAMS");
        if (streams.size() > MetricsReader.MAX_STREAMS) {
            read.problems.add("MONITORED_STREAMS: at most %d streams (one GetMetricData request); got %d"
                    .formatted(MetricsReader.MAX_STREAMS, streams.size()));
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
        HealthSettings settings = new HealthSettings(
                Duration.ofMinutes(read.number("NO_RECORDS_WINDOW_MINUTES", 1, 1440)),
                Duration.ofMinutes(read.number("THROTTLE_WINDOW_MINUTES", 1, 60)),
                read.number("HEADROOM_PERCENT", 1, 100),
                read.number("OVERPROVISIONED_PERCENT", 1, 100),
                Duration.ofHours(read.number("OVERPROVISIONED_WINDOW_HOURS", 1, 336)),
                Duration.ofMinutes(read.number("REMINDER_INTERVAL_MINUTES", 1, 10080)),
                Duration.ofMinutes(read.number("METRICS_DELAY_MINUTES", 0, 15)));
        ExternalIdRotationSettings rotation = new ExternalIdRotationSettings(
                read.parse("EXTERNAL_ID_ROTATION", ExternalIdRotation::valueOf, "STARTED or FINISHED"),
                Duration.ofDays(read.number("ROTATION_GRACE_DAYS", 1, 90)));
        HealthConfig config = new HealthConfig(streams,
                read.text("INTEGRATION_ROLE_NAME"),
                policyArn,
                read.text("EXTERNAL_ID_SECRET_ARN"),
                read.text("METER_SERVICE_ROLE_ARN"),
                expected,
                encryption == null ? "" : encryption.grantedKey(kmsKeyArn),
                accountMatch.matches() ? accountMatch.group(1) : "",
                accountMatch.matches() ? accountMatch.group(2) : "",
                read.text("AWS_REGION"),
                read.text("ALERT_TOPIC_ARN"),
                read.text("ALERT_STATE_TABLE"),
                "true".equalsIgnoreCase(env.getOrDefault("CHATBOT_NOTIFICATIONS", "false")),
                env.getOrDefault("DASHBOARD_URL", ""),
                settings,
                rotation);
        if (!read.problems.isEmpty()) {
            throw new IllegalStateException("Invalid health checker configuration: " + String.join("; ", read.problems));
        }
        return config;
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
            Set<String> metrics = new LinkedHashSet<>();
            for (String metric : list(name, true)) {
                if (metric.equals(IntegrationProperties.ALL_METRICS)) {
                    metrics.addAll(IntegrationProperties.SHARD_LEVEL_METRIC_NAMES);
                } else if (IntegrationProperties.SHARD_LEVEL_METRIC_NAMES.contains(metric)) {
                    metrics.add(metric);
                } else {
                    problems.add("%s: '%s' is not a shard-level metric; allowed: %s, or ALL".formatted(name, metric,
                            String.join(", ", new TreeSet<>(IntegrationProperties.SHARD_LEVEL_METRIC_NAMES))));
                }
            }
            return metrics;
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
