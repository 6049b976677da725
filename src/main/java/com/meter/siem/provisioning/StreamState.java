package com.meter.siem.provisioning;

import com.meter.siem.integration.StreamLifecycle;
import com.meter.siem.integration.StreamMode;
import java.util.Map;
import java.util.Set;

/** What Kinesis reports about an existing stream. {@code kmsKeyId} is empty when it is not encrypted. */
public record StreamState(
        String arn,
        StreamLifecycle status,
        StreamMode mode,
        int openShardCount,
        int retentionHours,
        Set<String> shardLevelMetrics,
        String kmsKeyId,
        Map<String, String> tags) {

    public StreamState {
        shardLevelMetrics = Set.copyOf(shardLevelMetrics);
        tags = Map.copyOf(tags);
    }
}
