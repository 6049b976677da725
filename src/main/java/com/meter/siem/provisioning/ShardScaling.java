package com.meter.siem.provisioning;

import com.meter.siem.integration.StreamMode;
import com.meter.siem.provisioning.StreamChange.ScaleShards;
import com.meter.siem.provisioning.StreamChange.TagStream;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's shard-count changes under UpdateShardCount's rules: each call at most doubles or halves, and a
 * stream takes ten calls in any 24 hours.
 *
 * <p>The change is planned whole before any call, and refused up front unless it fits in what is left of
 * the day twice over: once to make it, and once to undo it, because CloudFormation answers any later
 * failure of the stack update with a rollback Update asking for the old count, and a rollback that fails
 * leaves the stack in UPDATE_ROLLBACK_FAILED. Calls made outside this stack are unknown until Kinesis
 * refuses one, so that rollback (recognised by the {@link ScalingRecord} on the stream) never fails on the
 * limit: it scales back as far as Kinesis lets it and keeps the count it reached. A day of spare shards
 * costs money, and the health checker reports it; a stack stuck until someone skips the resource costs more.
 */
final class ShardScaling {
    private static final Logger LOG = LoggerFactory.getLogger(ShardScaling.class);

    private final StreamGateway streams;
    private final Clock clock;
    private final StreamSpec spec;
    private final int backOutCount;
    private final boolean backOut;
    private ScalingRecord record;

    private ShardScaling(StreamGateway streams, Clock clock, StreamSpec spec, int backOutCount, ScalingRecord record) {
        this.streams = streams;
        this.clock = clock;
        this.spec = spec;
        this.backOutCount = backOutCount;
        this.record = record;
        this.backOut = spec.mode() == StreamMode.PROVISIONED && record.isBackOut(spec.shardCount());
    }

    /**
     * Plans the change from the stream's state and refuses it, before any call, unless this stack's calls of
     * the last 24 hours leave room for it there and back; a back-out is never refused.
     *
     * @param backOutCount the shard count the old properties asked for, which a rollback of this Update asks
     *                     for again; 0 on a Create, whose rollback is a Delete
     */
    static ShardScaling plan(StreamGateway streams, Clock clock, StreamSpec spec, StreamState state, int backOutCount,
                             Progress progress) {
        ShardScaling scaling = new ShardScaling(streams, clock, spec, backOutCount,
                ScalingRecord.read(state.tags(), clock.instant()));
        if (!scaling.backOut && spec.mode() == StreamMode.PROVISIONED) {
            scaling.refuseBeyondTheDay(state.openShardCount(), progress);
            scaling.refuseBeyondTheQuota(state.openShardCount(), progress);
        }
        return scaling;
    }

    /**
     * Records the call on the stream, then makes it, so that a call whose answer is lost still counts.
     *
     * @return false when Kinesis refused a back-out for its limits: the stream keeps the count it has
     */
    boolean scale(String streamArn, ScaleShards scale, Progress progress) {
        record = record.withCall(backOutCount, clock.instant());
        progress.enter("record the shard-count change on stream " + spec.name());
        streams.apply(spec.name(), streamArn, new TagStream(Map.of(ScalingRecord.TAG_KEY, record.tagValue())));
        progress.enter(scale.describe() + " on stream " + spec.name());
        try {
            streams.apply(spec.name(), streamArn, scale);
            return true;
        } catch (ShardLimitException refused) {
            if (!backOut) {
                throw new ProvisioningException(progress.step(), refusedMidway(scale.from()), refused.getCause());
            }
            LOG.atWarn().addKeyValue("stream", spec.name()).addKeyValue("shardCount", scale.from())
                    .addKeyValue("askedFor", spec.shardCount())
                    .log("Kinesis refused to scale back for one of its limits; the stream keeps its shard count");
            return false;
        }
    }

    private void refuseBeyondTheDay(int from, Progress progress) {
        int to = spec.shardCount();
        int needed = StreamPlanner.roundTripCalls(from, to);
        if (needed <= record.remaining()) {
            return;
        }
        progress.enter("plan the shard-count change on stream " + spec.name());
        int forward = StreamPlanner.shardSteps(from, to).size();
        int farthest = StreamPlanner.farthestWithin(from, to, record.remaining());
        String now = farthest == from ? "No shard-count change fits now"
                : "Now the stream can go to at most %d shards".formatted(farthest);
        String later = needed <= ScalingRecord.CALLS_PER_DAY
                ? "the whole change fits from "
                        + record.freeFor(needed, clock.instant()).truncatedTo(ChronoUnit.SECONDS)
                : "go on from there in steps a day apart, each no larger than its calls there and back allow";
        throw new ProvisioningException(progress.step(), ("%s: going from %d to %d shards on stream %s takes %d"
                + " UpdateShardCount calls, and undoing it if the stack rolls back %d more; Kinesis allows %d per"
                + " stream in any 24 hours, and this stack made %d of them in the last 24 hours. %s; %s.").formatted(
                IntegrationProperties.KINESIS_SHARD_COUNT, from, to, spec.name(), forward, needed - forward,
                ScalingRecord.CALLS_PER_DAY, ScalingRecord.CALLS_PER_DAY - record.remaining(), now, later), null);
    }

    /** Every shard a scale-up adds counts against the account's quota in the region until the stream closes it. */
    private void refuseBeyondTheQuota(int from, Progress progress) {
        int to = spec.shardCount();
        if (to <= from) {
            return;
        }
        progress.enter("read the account's shard quota");
        ShardQuota quota = streams.shardQuota();
        if (to - from <= quota.headroom()) {
            return;
        }
        throw new ProvisioningException(progress.step(), ("%s: going from %d to %d shards on stream %s opens %d more"
                + " shards, and the account's Kinesis shard quota in this region is %d with %d open. Set %s to at"
                + " most %d, or request a shard quota increase in Service Quotas first.").formatted(
                IntegrationProperties.KINESIS_SHARD_COUNT, from, to, spec.name(), to - from, quota.limit(),
                quota.open(), IntegrationProperties.KINESIS_SHARD_COUNT, from + quota.headroom()), null);
    }

    private String refusedMidway(int shardCount) {
        return ("Kinesis refused the change for one of its limits: %d shard-count changes per stream in any 24"
                + " hours, counting changes made outside this stack, or the account's shard quota. Stream %s stays"
                + " at a shard count of %d; the rollback scales it back as far as Kinesis allows and otherwise keeps"
                + " that count. Set %s to %d again in 24 hours, or after raising the shard quota.").formatted(
                ScalingRecord.CALLS_PER_DAY, spec.name(), shardCount, IntegrationProperties.KINESIS_SHARD_COUNT,
                spec.shardCount());
    }
}
