package com.meter.siem.provisioning;

import com.meter.siem.integration.StreamMode;
import java.util.Map;
import java.util.Set;

/** One Kinesis control-plane call that moves a stream towards its spec; each leaves it UPDATING. */
public sealed interface StreamChange {
    /** Text for logs and failure reasons. */
    String describe();

    record SwitchMode(StreamMode mode) implements StreamChange {
        public String describe() {
            return "switch capacity mode to " + mode;
        }
    }

    record ScaleShards(int from, int to) implements StreamChange {
        public String describe() {
            return "scale shards from %d to %d".formatted(from, to);
        }
    }

    record ChangeRetention(int fromHours, int toHours) implements StreamChange {
        public String describe() {
            return "change retention from %d to %d hours".formatted(fromHours, toHours);
        }
    }

    record EnableMetrics(Set<String> metrics) implements StreamChange {
        public String describe() {
            return "enable shard-level metrics " + new java.util.TreeSet<>(metrics);
        }
    }

    record DisableMetrics(Set<String> metrics) implements StreamChange {
        public String describe() {
            return "disable shard-level metrics " + new java.util.TreeSet<>(metrics);
        }
    }

    record StartEncryption(String kmsKeyId) implements StreamChange {
        public String describe() {
            return "encrypt with KMS key " + kmsKeyId;
        }
    }

    record StopEncryption(String kmsKeyId) implements StreamChange {
        public String describe() {
            return "stop encryption with KMS key " + kmsKeyId;
        }
    }

    record TagStream(Map<String, String> tags) implements StreamChange {
        public String describe() {
            return "tag stream with " + new java.util.TreeSet<>(tags.keySet());
        }
    }

    record UntagStream(Set<String> keys) implements StreamChange {
        public String describe() {
            return "remove stream tags " + new java.util.TreeSet<>(keys);
        }
    }
}
