package com.meter.siem.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * The health checker's environment as template.yaml sets it with every parameter at its default,
 * less the names of the resources a deployment creates (streams, role, policy, secret, table, topic).
 */
public final class HealthEnvironment {
    private HealthEnvironment() {
    }

    public static Map<String, String> defaults() {
        Map<String, String> env = new HashMap<>();
        env.put("METER_SERVICE_ROLE_ARN", "arn:aws:iam::458553032353:role/Meter-data-export");
        env.put("EXTERNAL_ID_ROTATION", "FINISHED");
        env.put("ROTATION_GRACE_DAYS", "7");
        env.put("EXPECTED_RETENTION_HOURS", "24");
        env.put("STREAM_ENCRYPTION", "AWS_MANAGED_KEY");
        env.put("KMS_KEY_ARN", "");
        env.put("EXPECTED_SHARD_LEVEL_METRICS", "IncomingBytes,IncomingRecords,OutgoingBytes,OutgoingRecords");
        env.put("AWS_REGION", "us-east-1");
        env.put("CHATBOT_NOTIFICATIONS", "false");
        env.put("NO_RECORDS_WINDOW_MINUTES", "10");
        env.put("THROTTLE_WINDOW_MINUTES", "5");
        env.put("HEADROOM_PERCENT", "80");
        env.put("OVERPROVISIONED_PERCENT", "10");
        env.put("OVERPROVISIONED_WINDOW_HOURS", "24");
        env.put("REMINDER_INTERVAL_MINUTES", "240");
        env.put("METRICS_DELAY_MINUTES", "2");
        env.put("FIRST_EVENTS_WARNING_DAYS", "3");
        env.put("ITERATOR_AGE_WARNING_PERCENT", "50");
        env.put("ITERATOR_AGE_CRITICAL_PERCENT", "80");
        env.put("NOT_READ_WINDOW_MINUTES", "30");
        return env;
    }
}
