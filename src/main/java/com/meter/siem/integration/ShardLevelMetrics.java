package com.meter.siem.integration;

import java.util.Set;

/**
 * The shard-level metrics a stream can enable, by the names Kinesis reports: the provisioner enables those the
 * parameter lists, and the health checker expects exactly those enabled.
 */
public final class ShardLevelMetrics {
    public static final Set<String> NAMES = Set.of(
            "IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords",
            "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded", "IteratorAgeMilliseconds");
    /** What the parameter accepts for all of them; Kinesis never reports it back as such. */
    public static final String ALL = "ALL";

    private ShardLevelMetrics() {
    }
}
