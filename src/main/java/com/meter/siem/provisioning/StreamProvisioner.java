package com.meter.siem.provisioning;

import com.meter.siem.integration.StreamLifecycle;
import com.meter.siem.provisioning.StreamChange.ScaleShards;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Brings the stream to its spec, creating or adopting it, and deletes it only when it is ours to delete.
 * Shard counts change under UpdateShardCount's rules, which {@link ShardScaling} keeps.
 */
final class StreamProvisioner {
    /** Far more steps than any real change needs (1 to 10,000 shards is 14 doublings): guards against a loop. */
    private static final int MAX_CHANGES = 40;

    private final StreamGateway streams;
    private final Clock clock;

    StreamProvisioner(StreamGateway streams, Clock clock) {
        this.streams = streams;
        this.clock = clock;
    }

    /**
     * @param backOutCount the shard count the old properties asked for, which a rollback of this Update asks
     *                     for again; 0 on a Create, whose rollback is a Delete
     * @param retiredTagKeys tag keys the previous properties set and the new ones do not
     * @return the stream's ARN
     */
    String ensure(StreamSpec spec, int backOutCount, boolean adoptExisting, Ownership owner,
                  Set<String> retiredTagKeys, Progress progress, Journal journal) {
        progress.enter("describe stream " + spec.name());
        Optional<StreamState> existing = streams.describe(spec.name());
        Map<String, String> desiredTags = new HashMap<>(spec.tags());
        if (existing.isEmpty()) {
            desiredTags.putAll(owner.ownerTags());
            progress.enter("create stream " + spec.name());
            AtomicBoolean created = new AtomicBoolean();
            journal.creating("stream " + spec.name(), () -> deleteIfOurs(spec.name(), created.get(), owner));
            streams.create(spec.name(), spec.mode(), spec.shardCount(), desiredTags);
            created.set(true);
        } else if (owner.owns(existing.get().tags())) {
            desiredTags.putAll(owner.ownerTags());
        } else if (adoptExisting || owner.adopted(existing.get().tags())) {
            desiredTags.putAll(owner.adoptionTags());
        } else {
            throw new ProvisioningException(progress.step(), ("Kinesis stream %s already exists and was not created"
                    + " by this stack. Set AdoptExistingStream to true to manage it (it will never be deleted),"
                    + " or choose another KinesisStreamName.").formatted(spec.name()), null);
        }
        if (existing.map(state -> state.status() == StreamLifecycle.DELETING).orElse(false)) {
            throw new ProvisioningException(progress.step(), ("Kinesis stream %s is being deleted; wait until it is"
                    + " gone and retry.").formatted(spec.name()), null);
        }
        StreamState state = awaitActive(spec.name(), progress);
        ShardScaling scaling = ShardScaling.plan(streams, clock, spec, state, backOutCount, progress);
        StreamSpec target = spec;
        for (int changes = 0; changes < MAX_CHANGES; changes++) {
            Optional<StreamChange> next = StreamPlanner.nextChange(target, state, desiredTags, retiredTagKeys);
            if (next.isEmpty()) {
                return state.arn();
            }
            if (next.get() instanceof ScaleShards scale) {
                if (!scaling.scale(state.arn(), scale, progress)) {
                    target = target.withShardCount(scale.from());
                    continue;
                }
            } else {
                progress.enter(next.get().describe() + " on stream " + spec.name());
                streams.apply(spec.name(), state.arn(), next.get());
            }
            state = awaitActive(spec.name(), progress);
        }
        throw new ProvisioningException(progress.step(),
                "stream %s did not reach its settings after %d changes".formatted(spec.name(), MAX_CHANGES), null);
    }

    /** Deletes the stream if this resource created it and the user did not ask to keep it. */
    String delete(String streamName, boolean retain, Ownership owner, Progress progress) {
        progress.enter("describe stream " + streamName);
        Optional<StreamState> existing = streams.describe(streamName);
        if (existing.isEmpty()) {
            return "stream " + streamName + " already gone";
        }
        if (!owner.owns(existing.get().tags())) {
            return "stream " + streamName + " kept: not created by this stack";
        }
        if (retain) {
            return "stream " + streamName + " kept: RetainStreamOnDelete is true";
        }
        if (existing.get().status() == StreamLifecycle.DELETING) {
            return "stream " + streamName + " already being deleted";
        }
        progress.enter("delete stream " + streamName);
        streams.delete(streamName);
        return "stream " + streamName + " deleted";
    }

    /**
     * The undo of a Create's stream. When the create call returned, the stream is this run's; when it failed,
     * the stream may still have been created (a lost answer), and is ours only if it carries our tags, which
     * CreateStream applies with the stream. A stream someone else made meanwhile is left alone.
     */
    private boolean deleteIfOurs(String streamName, boolean created, Ownership owner) {
        Optional<StreamState> stream = streams.describe(streamName);
        if (stream.isEmpty() || !(created || owner.owns(stream.get().tags()))) {
            return false;
        }
        streams.delete(streamName);
        return true;
    }

    private StreamState awaitActive(String streamName, Progress progress) {
        progress.enter("wait for stream " + streamName + " to become ACTIVE");
        streams.awaitActive(streamName);
        return streams.describe(streamName).orElseThrow(() -> new ProvisioningException(progress.step(),
                "stream %s disappeared while it was being set up".formatted(streamName), null));
    }
}
