package com.meter.siem.health;

import java.util.Set;

/**
 * The settings the custom resource gave the integration's stream, from the same parameters.
 *
 * @param kmsKeyId empty when the stream is meant to be unencrypted
 */
public record ExpectedStream(int retentionHours, String kmsKeyId, Set<String> shardLevelMetrics) {
    public ExpectedStream {
        shardLevelMetrics = Set.copyOf(shardLevelMetrics);
    }
}
