package com.meter.siem.provisioning;

import com.meter.siem.integration.StreamLifecycle;
import com.meter.siem.integration.StreamMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link StreamGateway} over streams held in memory, recording every change it applies; it can refuse
 * shard-count changes as Kinesis does when its limits are used up. As Kinesis does, a new stream is CREATING and
 * a changed one UPDATING (tagging leaves it ACTIVE) until the waiter sees it ACTIVE, and a change to a stream
 * that is not ACTIVE is refused (ResourceInUseException).
 */
final class InMemoryStreams implements StreamGateway {
    private final Map<String, StreamState> streams = new HashMap<>();
    private final List<StreamChange> applied = new ArrayList<>();
    private int scalingsAllowed = Integer.MAX_VALUE;
    private int shardLimit = 500;
    private boolean loseCreateAnswer;
    private boolean failNextChange;
    private boolean vanishWhileWaiting;

    void put(String name, StreamState state) {
        streams.put(name, state);
    }

    /** Lets this many more shard-count changes through, then refuses the others as Kinesis's limit does. */
    void allowScalings(int count) {
        scalingsAllowed = count;
    }

    void shardLimit(int limit) {
        shardLimit = limit;
    }

    /** The next CreateStream creates the stream, but its answer is lost: the call fails. */
    void loseNextCreateAnswer() {
        loseCreateAnswer = true;
    }

    /** The next change fails as a 5xx would, after the SDK's retries. */
    void failNextChange() {
        failNextChange = true;
    }

    /** Someone deletes the stream while the provisioner waits for it. */
    void vanishWhileWaiting() {
        vanishWhileWaiting = true;
    }

    List<StreamChange> applied() {
        return List.copyOf(applied);
    }

    StreamState state(String name) {
        return streams.get(name);
    }

    @Override
    public Optional<StreamState> describe(String streamName) {
        return Optional.ofNullable(streams.get(streamName));
    }

    @Override
    public void create(String streamName, StreamMode mode, int shardCount, Map<String, String> tags) {
        streams.put(streamName, new StreamState("arn:aws:kinesis:us-east-1:123456789012:stream/" + streamName,
                StreamLifecycle.CREATING, mode, shardCount, 24, Set.of(), "", tags));
        if (loseCreateAnswer) {
            loseCreateAnswer = false;
            throw new IllegalStateException("connection reset after CreateStream");
        }
    }

    @Override
    public void awaitActive(String streamName) {
        StreamState s = streams.get(streamName);
        if (vanishWhileWaiting) {
            streams.remove(streamName);
        } else if (s != null && !"DELETING".equals(s.status())) {
            streams.put(streamName, withStatus(s, StreamLifecycle.ACTIVE));
        }
    }

    @Override
    public void apply(String streamName, String streamArn, StreamChange change) {
        StreamState s = streams.get(streamName);
        if (change instanceof StreamChange.ScaleShards && scalingsAllowed-- <= 0) {
            throw new ShardLimitException(new IllegalStateException("LimitExceededException"));
        }
        if (failNextChange) {
            failNextChange = false;
            throw new IllegalStateException("InternalFailure");
        }
        if (s.status() != StreamLifecycle.ACTIVE) {
            throw new IllegalStateException("ResourceInUseException: stream %s is %s".formatted(streamName,
                    s.status()));
        }
        applied.add(change);
        Map<String, String> tags = new HashMap<>(s.tags());
        Set<String> metrics = new HashSet<>(s.shardLevelMetrics());
        int shards = s.openShardCount();
        int retention = s.retentionHours();
        String key = s.kmsKeyId();
        StreamMode mode = s.mode();
        switch (change) {
            case StreamChange.SwitchMode m -> mode = m.mode();
            case StreamChange.ScaleShards scale -> shards = scale.to();
            case StreamChange.ChangeRetention r -> retention = r.toHours();
            case StreamChange.EnableMetrics e -> metrics.addAll(e.metrics());
            case StreamChange.DisableMetrics d -> metrics.removeAll(d.metrics());
            case StreamChange.StartEncryption e -> key = e.kmsKeyId();
            case StreamChange.StopEncryption e -> key = "";
            case StreamChange.TagStream t -> tags.putAll(t.tags());
            case StreamChange.UntagStream u -> tags.keySet().removeAll(u.keys());
        }
        boolean tagging = change instanceof StreamChange.TagStream || change instanceof StreamChange.UntagStream;
        streams.put(streamName, new StreamState(s.arn(), tagging ? s.status() : StreamLifecycle.UPDATING, mode, shards, retention,
                metrics, key, tags));
    }

    @Override
    public ShardQuota shardQuota() {
        return new ShardQuota(shardLimit, streams.values().stream().mapToInt(StreamState::openShardCount).sum());
    }

    @Override
    public void delete(String streamName) {
        streams.remove(streamName);
    }

    private static StreamState withStatus(StreamState s, StreamLifecycle status) {
        return new StreamState(s.arn(), status, s.mode(), s.openShardCount(), s.retentionHours(),
                s.shardLevelMetrics(), s.kmsKeyId(), s.tags());
    }
}
