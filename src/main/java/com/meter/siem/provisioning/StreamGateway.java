package com.meter.siem.provisioning;

import com.meter.siem.integration.StreamMode;
import java.util.Map;
import java.util.Optional;

/** The Kinesis calls provisioning needs, in domain terms. */
public interface StreamGateway {
    Optional<StreamState> describe(String streamName);

    void create(String streamName, StreamMode mode, int shardCount, Map<String, String> tags);

    /** Blocks until the stream is ACTIVE, within a bounded wait. */
    void awaitActive(String streamName);

    /** @throws ShardLimitException when Kinesis refuses a shard-count change for one of its limits */
    void apply(String streamName, String streamArn, StreamChange change);

    /** The account's shard quota in the region and the shards open against it. */
    ShardQuota shardQuota();

    /** Deletes the stream with its registered consumers; a stream already gone is no error. */
    void delete(String streamName);
}
