package com.meter.siem.health;

import com.meter.siem.integration.StreamLifecycle;
import com.meter.siem.integration.StreamMode;
import java.time.Instant;
import java.util.Set;

/**
 * A stream as DescribeStreamSummary reports it.
 *
 * @param kmsKeyId empty when the stream is not encrypted
 * @param created when the stream was created
 */
public record StreamStatus(
        String name,
        String arn,
        StreamLifecycle status,
        StreamMode mode,
        int openShardCount,
        int retentionHours,
        Set<String> shardLevelMetrics,
        String kmsKeyId,
        Instant created) {

    public StreamStatus {
        shardLevelMetrics = Set.copyOf(shardLevelMetrics);
    }

    public boolean isProvisioned() {
        return mode == StreamMode.PROVISIONED;
    }
}
