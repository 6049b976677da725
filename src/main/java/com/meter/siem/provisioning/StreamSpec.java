package com.meter.siem.provisioning;

import com.meter.siem.integration.StreamEncryption;
import com.meter.siem.integration.StreamMode;
import java.util.Map;
import java.util.Set;

/**
 * The desired Kinesis stream.
 *
 * @param shardCount ignored in {@link StreamMode#ON_DEMAND} mode
 * @param kmsKeyArn the customer managed key, empty unless {@code encryption} is CUSTOMER_MANAGED_KEY
 * @param tags tags the user and the seeds ask for, without the ownership tags
 */
public record StreamSpec(
        String name,
        StreamMode mode,
        int shardCount,
        int retentionHours,
        Set<String> shardLevelMetrics,
        StreamEncryption encryption,
        String kmsKeyArn,
        Map<String, String> tags) {

    public StreamSpec {
        shardLevelMetrics = Set.copyOf(shardLevelMetrics);
        tags = Map.copyOf(tags);
    }

    /** The same stream with another shard count. */
    StreamSpec withShardCount(int count) {
        return new StreamSpec(name, mode, count, retentionHours, shardLevelMetrics, encryption, kmsKeyArn, tags);
    }

    /** The key id Kinesis is given, or empty when the stream is not encrypted. */
    public String kmsKeyId() {
        return encryption.keyId(kmsKeyArn);
    }
}
