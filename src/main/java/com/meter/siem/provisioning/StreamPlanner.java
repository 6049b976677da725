package com.meter.siem.provisioning;

import com.meter.siem.integration.StreamMode;
import com.meter.siem.provisioning.StreamChange.ChangeRetention;
import com.meter.siem.provisioning.StreamChange.DisableMetrics;
import com.meter.siem.provisioning.StreamChange.EnableMetrics;
import com.meter.siem.provisioning.StreamChange.ScaleShards;
import com.meter.siem.provisioning.StreamChange.StartEncryption;
import com.meter.siem.provisioning.StreamChange.StopEncryption;
import com.meter.siem.provisioning.StreamChange.SwitchMode;
import com.meter.siem.provisioning.StreamChange.TagStream;
import com.meter.siem.provisioning.StreamChange.UntagStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses the next change that brings an existing stream closer to its spec. Planning one step at a
 * time from the stream's real state (rather than from the old properties) makes retries and
 * half-finished updates converge: whatever was already done is simply not planned again.
 */
public final class StreamPlanner {
    private StreamPlanner() {
    }

    /**
     * @param desiredTags every tag the stream should carry, ownership tags included
     * @param retiredTagKeys tag keys the previous properties set and the new ones no longer do
     * @return the next change, or empty when the stream matches the spec
     */
    public static Optional<StreamChange> nextChange(
            StreamSpec spec, StreamState state, Map<String, String> desiredTags, Set<String> retiredTagKeys) {
        if (state.mode() != spec.mode()) {
            return Optional.of(new SwitchMode(spec.mode()));
        }
        if (spec.mode() == StreamMode.PROVISIONED && state.openShardCount() != spec.shardCount()) {
            return Optional.of(new ScaleShards(state.openShardCount(),
                    nextShardCount(state.openShardCount(), spec.shardCount())));
        }
        if (state.retentionHours() != spec.retentionHours()) {
            return Optional.of(new ChangeRetention(state.retentionHours(), spec.retentionHours()));
        }
        Set<String> toDisable = new HashSet<>(state.shardLevelMetrics());
        toDisable.removeAll(spec.shardLevelMetrics());
        if (!toDisable.isEmpty()) {
            return Optional.of(new DisableMetrics(toDisable));
        }
        Set<String> toEnable = new HashSet<>(spec.shardLevelMetrics());
        toEnable.removeAll(state.shardLevelMetrics());
        if (!toEnable.isEmpty()) {
            return Optional.of(new EnableMetrics(toEnable));
        }
        if (!state.kmsKeyId().equals(spec.kmsKeyId())) {
            return Optional.of(spec.kmsKeyId().isEmpty()
                    ? new StopEncryption(state.kmsKeyId()) : new StartEncryption(spec.kmsKeyId()));
        }
        Map<String, String> toTag = new HashMap<>(desiredTags);
        toTag.entrySet().removeIf(tag -> tag.getValue().equals(state.tags().get(tag.getKey())));
        if (!toTag.isEmpty()) {
            return Optional.of(new TagStream(toTag));
        }
        Set<String> toUntag = new HashSet<>(retiredTagKeys);
        toUntag.retainAll(state.tags().keySet());
        toUntag.removeAll(desiredTags.keySet());
        if (!toUntag.isEmpty()) {
            return Optional.of(new UntagStream(toUntag));
        }
        return Optional.empty();
    }

    /**
     * UpdateShardCount accepts at most double the current count, and no less than half of it, in one
     * call: from an odd count, half rounds up (5 goes down to 3 at most).
     */
    static int nextShardCount(int current, int target) {
        if (target > current) {
            return Math.min(target, current * 2);
        }
        return Math.max(target, (current + 1) / 2);
    }

    /** The counts a stream passes through from {@code from} to {@code to}: one UpdateShardCount call each. */
    static List<Integer> shardSteps(int from, int to) {
        List<Integer> steps = new ArrayList<>();
        for (int count = from; count != to; count = nextShardCount(count, to)) {
            steps.add(nextShardCount(count, to));
        }
        return steps;
    }

    /** The calls to go from {@code from} to {@code to}, and back again if CloudFormation rolls the change back. */
    static int roundTripCalls(int from, int to) {
        return shardSteps(from, to).size() + shardSteps(to, from).size();
    }

    /** The farthest count on the way from {@code from} to {@code to} whose round trip takes at most {@code calls}. */
    static int farthestWithin(int from, int to, int calls) {
        int farthest = from;
        for (int count : shardSteps(from, to)) {
            if (roundTripCalls(from, count) <= calls) {
                farthest = count;
            }
        }
        return farthest;
    }
}
