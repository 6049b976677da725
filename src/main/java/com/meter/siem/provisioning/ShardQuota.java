package com.meter.siem.provisioning;

/**
 * The account's Kinesis shard quota in the region, and the shards open against it now.
 *
 * @param limit the most open shards the account may have in the region
 * @param open  the shards open now, across every stream
 */
public record ShardQuota(int limit, int open) {
    /** How many more shards may open: a scale-up asking for more is refused by UpdateShardCount. */
    int headroom() {
        return Math.max(0, limit - open);
    }
}
